using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Audit;

/// <summary>Records who did what to which target, before and after (secrets masked), and how it ended.</summary>
public sealed class AuditLog
{
    private readonly AuditRepository repository;
    private readonly LiveEventBus bus;
    private readonly IServiceProvider services;
    private readonly ILogger<AuditLog> logger;
    private readonly TimeProvider clock;

    internal AuditLog(
        AuditRepository repository,
        LiveEventBus bus,
        IServiceProvider services,
        ILogger<AuditLog> logger,
        TimeProvider clock)
    {
        this.clock = clock;
        this.repository = repository;
        this.bus = bus;
        this.services = services;
        this.logger = logger;
    }

    public async Task RecordAsync(Caller caller, string action, string target, string result, AuditScope? scope = null,
        CancellationToken cancellationToken = default)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserName = caller.ToString(),
            Action = action,
            Target = target.Length <= 255 ? target : target[..255],
            BeforeJson = AuditRedactor.ToJson(scope?.Before),
            AfterJson = AuditRedactor.ToJson(scope?.After),
            Result = result,
            Detail = scope?.Detail is { Length: > 2000 } d ? d[..2000] : scope?.Detail,
        };
        try
        {
            await repository.InsertAsync(entry, cancellationToken);
            bus.Publish(new AuditRecorded(entry.UserName, action, entry.Target, result));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database is down: the action itself failed or will, and the application log keeps the trace.
            logger.LogWarning("Audit entry not written ({Action} {Target} by {User}: {Result}): {Reason}",
                action, entry.Target, entry.UserName, result, exception.Message);
        }
    }

    /// <summary>A page of the log for a caller allowed to read it (admins on <c>*</c>).</summary>
    public async Task<(IReadOnlyList<AuditEntry> Rows, long Total)> QueryAsync(Caller caller, AuditQuery query, CancellationToken cancellationToken = default)
    {
        // Resolved lazily: AccessControl sits above the audit log in the graph (Operations uses both).
        await services.GetRequiredService<AccessControl>().DemandAsync(caller, Permission.ViewAudit, AccessTarget.Global, cancellationToken);
        return await repository.QueryAsync(query, cancellationToken);
    }
}
