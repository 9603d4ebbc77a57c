using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Security;

/// <summary>
/// The one call every change goes through: check the caller's grants, run the work, write the audit row with
/// its outcome (ok, refused, conflict, denied, failed) whatever happens.
/// </summary>
public sealed class Operations(AccessControl access, AuditLog audit)
{
    public async Task<T> RunAsync<T>(Caller caller, Permission permission, AccessTarget target, string action, string targetName,
        Func<AuditScope, Task<T>> work, CancellationToken cancellationToken = default) =>
        await RunAsync(caller, await access.LoadGrantsAsync(caller, cancellationToken), permission, target, action, targetName, work, cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync{T}(Caller, Permission, AccessTarget, string, string, Func{AuditScope, Task{T}}, CancellationToken)"/>
    /// with the caller's grants loaded once by a Core service that runs one operation per service of a batch.
    /// </summary>
    internal async Task<T> RunAsync<T>(Caller caller, IReadOnlyList<Grant> grants, Permission permission, AccessTarget target, string action,
        string targetName, Func<AuditScope, Task<T>> work, CancellationToken cancellationToken = default)
    {
        var scope = new AuditScope();
        if (!AccessControl.IsAllowed(grants, permission, target))
        {
            await audit.RecordAsync(caller, action, targetName, AuditResult.Denied, scope, cancellationToken);
            throw new AccessDeniedException(caller, permission, target);
        }

        try
        {
            var result = await work(scope);
            await audit.RecordAsync(caller, action, targetName, AuditResult.Ok, scope, cancellationToken);
            return result;
        }
        catch (Exception exception)
        {
            var (outcome, detail) = exception switch
            {
                ValidationFailedException v => (AuditResult.Refused, v.Message),
                ConcurrencyConflictException c => (AuditResult.Conflict, c.Message),
                AccessDeniedException d => (AuditResult.Denied, d.Message),
                _ => (AuditResult.Failed, exception.Message),
            };
            scope.Detail ??= detail;
            await audit.RecordAsync(caller, action, targetName, outcome, scope, CancellationToken.None);
            throw;
        }
    }

    public Task RunAsync(Caller caller, Permission permission, AccessTarget target, string action, string targetName,
        Func<AuditScope, Task> work, CancellationToken cancellationToken = default) =>
        RunAsync(caller, permission, target, action, targetName, async scope =>
        {
            await work(scope);
            return true;
        }, cancellationToken);

    internal Task RunAsync(Caller caller, IReadOnlyList<Grant> grants, Permission permission, AccessTarget target, string action, string targetName,
        Func<AuditScope, Task> work, CancellationToken cancellationToken = default) =>
        RunAsync(caller, grants, permission, target, action, targetName, async scope =>
        {
            await work(scope);
            return true;
        }, cancellationToken);
}
