using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Audit;

/// <summary>
/// The publishes, starts, stops, restarts, deploys and settings or config edits of a service over a time range, from
/// the audit log, for markers on its charts. Anyone who may view the service sees them (not only audit readers): a
/// marker says what changed and when, nothing more than the service page already shows.
/// </summary>
public sealed class ServiceChangeMarkers
{
    /// <summary>The audit actions that change what a service runs or how.</summary>
    public static readonly IReadOnlyList<string> Actions =
        ["service.publish", "service.start", "service.stop", "service.restart", "service.update", "service.deploy", "package.default"];

    private readonly AccessControl access;
    private readonly ChangeMarkerRepository repository;

    internal ServiceChangeMarkers(AccessControl access, ChangeMarkerRepository repository)
    {
        this.access = access;
        this.repository = repository;
    }

    /// <exception cref="AccessDeniedException">The caller may not view the service.</exception>
    public async Task<IReadOnlyList<ChangeMarker>> ListAsync(Caller caller, string application, string server, LogTimeRange range,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(range);
        await access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(application, server), cancellationToken).ConfigureAwait(false);
        return await repository.ListAsync($"{application}.{server}", [.. Actions], range.From.UtcDateTime, range.To.UtcDateTime, cancellationToken)
            .ConfigureAwait(false);
    }
}
