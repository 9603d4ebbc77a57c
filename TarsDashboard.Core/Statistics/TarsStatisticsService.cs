using Microsoft.Extensions.Options;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Statistics;

/// <summary>
/// The framework's own numbers for a service, where its statistics databases are configured: calls, timeouts,
/// failures and average time per interface (tarsstat), and the properties it reports (tarsproperty), per reporting
/// slot over a time range. The caller needs the view grant on the service.
/// </summary>
public sealed class TarsStatisticsService
{
    private readonly AccessControl access;
    private readonly TarsStatRepository repository;
    private readonly IOptions<TarsStatisticsOptions> options;

    internal TarsStatisticsService(AccessControl access, TarsStatRepository repository, IOptions<TarsStatisticsOptions> options)
    {
        this.access = access;
        this.repository = repository;
        this.options = options;
    }

    private TarsStatisticsOptions Options => options.Value;

    /// <summary>tarsstat's database is configured (the charts are offered).</summary>
    public bool HasCallStatistics => !string.IsNullOrWhiteSpace(Options.StatConnectionString);

    /// <summary>tarsproperty's database is configured.</summary>
    public bool HasProperties => !string.IsNullOrWhiteSpace(Options.PropertyConnectionString);

    /// <summary>Calls to <c>application.server</c> per interface and slot inside <paramref name="range"/>, oldest first.</summary>
    /// <exception cref="AccessDeniedException">The caller may not view the service.</exception>
    /// <exception cref="InvalidOperationException">tarsstat's database is not configured.</exception>
    /// <exception cref="ArgumentException">The range needs more tables than one query may read.</exception>
    public async Task<IReadOnlyList<CallStatPoint>> CallsAsync(Caller caller, string application, string server, LogTimeRange range,
        CancellationToken cancellationToken = default)
    {
        var connection = await DemandAsync(caller, application, server, range, Options.StatConnectionString, "call statistics",
            nameof(TarsStatisticsOptions.StatConnectionString), cancellationToken).ConfigureAwait(false);
        var (tables, from, to) = Tables(Options.StatTablePrefix, range);
        var rows = await repository.ReadCallsAsync(connection, tables, $"{application}.{server}", from, to, cancellationToken).ConfigureAwait(false);
        return [.. rows
            .Select(r => (Time: StatTableNames.RowTime(r.Date, r.Flag, Options.UtcOffset), Row: r))
            .Where(r => range.Contains(r.Time))
            .GroupBy(r => (r.Time, r.Row.Interface))
            .Select(g =>
            {
                var (succeeded, timedOut, failed, total) = (g.Sum(r => r.Row.Succeeded), g.Sum(r => r.Row.TimedOut), g.Sum(r => r.Row.Failed), g.Sum(r => r.Row.TotalTime));
                return new CallStatPoint(g.Key.Time, g.Key.Interface, succeeded, timedOut, failed, succeeded == 0 ? 0 : (double)total / succeeded);
            })
            .OrderBy(p => p.Time).ThenBy(p => p.Interface, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Calls to <c>application.server</c> inside <paramref name="range"/> summed per callee host (the node's address as
    /// tarsstat records it: <c>slave_ip</c>, with any <c>:port</c> cut off), for comparing upgraded and other instances.
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller may not view the service.</exception>
    /// <exception cref="InvalidOperationException">tarsstat's database is not configured.</exception>
    public async Task<IReadOnlyDictionary<string, CallTotals>> CallsByHostAsync(Caller caller, string application, string server, LogTimeRange range,
        CancellationToken cancellationToken = default)
    {
        var connection = await DemandAsync(caller, application, server, range, Options.StatConnectionString, "call statistics",
            nameof(TarsStatisticsOptions.StatConnectionString), cancellationToken).ConfigureAwait(false);
        var (tables, from, to) = Tables(Options.StatTablePrefix, range);
        var rows = await repository.ReadCallsByHostAsync(connection, tables, $"{application}.{server}", from, to, cancellationToken).ConfigureAwait(false);
        return rows
            .Where(r => range.Contains(StatTableNames.RowTime(r.Date, r.Flag, Options.UtcOffset)))
            .GroupBy(r => HostOnly(r.Host), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => new CallTotals(g.Sum(r => r.Succeeded), g.Sum(r => r.TimedOut), g.Sum(r => r.Failed)),
                StringComparer.OrdinalIgnoreCase);
    }

    private static string HostOnly(string host) => host.Split(':')[0];

    /// <summary>The properties <c>application.server</c> reported per slot inside <paramref name="range"/>, oldest first.</summary>
    /// <exception cref="AccessDeniedException">The caller may not view the service.</exception>
    /// <exception cref="InvalidOperationException">tarsproperty's database is not configured.</exception>
    public async Task<IReadOnlyList<PropertyPoint>> PropertiesAsync(Caller caller, string application, string server, LogTimeRange range,
        CancellationToken cancellationToken = default)
    {
        var connection = await DemandAsync(caller, application, server, range, Options.PropertyConnectionString, "properties",
            nameof(TarsStatisticsOptions.PropertyConnectionString), cancellationToken).ConfigureAwait(false);
        var (tables, from, to) = Tables(Options.PropertyTablePrefix, range);
        var rows = await repository.ReadPropertiesAsync(connection, tables, $"{application}.{server}", from, to, cancellationToken).ConfigureAwait(false);
        var points = new List<PropertyPoint>();
        foreach (var slot in rows
            .Where(r => r.Property is not null && r.Policy is not null && r.TryValue(out _))
            .Select(r => (Time: StatTableNames.RowTime(r.Date, r.Flag, Options.UtcOffset), Row: r))
            .Where(r => range.Contains(r.Time))
            .GroupBy(r => (r.Time, Property: r.Row.Property!, Policy: r.Row.Policy!)))
        {
            var values = slot.Select(r => r.Row.TryValue(out var v) ? v : 0).ToList();
            var value = slot.Key.Policy.ToUpperInvariant() switch
            {
                "MAX" => values.Max(),
                "MIN" => values.Min(),
                "AVG" => values.Average(),
                _ => values.Sum(), // Sum and Count add up across instances.
            };
            points.Add(new PropertyPoint(slot.Key.Time, slot.Key.Property, slot.Key.Policy, value));
        }

        return [.. points.OrderBy(p => p.Time).ThenBy(p => p.Property, StringComparer.Ordinal).ThenBy(p => p.Policy, StringComparer.Ordinal)];
    }

    // The grant first (a refusal says nothing about the setup), then the database the answer comes from.
    private async Task<string> DemandAsync(Caller caller, string application, string server, LogTimeRange range, string? connectionString,
        string what, string setting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        await access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(application, server), cancellationToken).ConfigureAwait(false);
        return connectionString is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException($"The framework's {what} are not configured ({TarsStatisticsOptions.SectionName}:{setting}).");
    }

    private (IReadOnlyList<string> Tables, DateOnly From, DateOnly To) Tables(string prefix, LogTimeRange range)
    {
        var byDay = string.Equals(Options.CutType, "day", StringComparison.OrdinalIgnoreCase);
        var tables = StatTableNames.For(prefix, range.From, range.To, Options.UtcOffset, byDay);
        return (tables, DateOnly.FromDateTime(range.From.ToOffset(Options.UtcOffset).DateTime), DateOnly.FromDateTime(range.To.ToOffset(Options.UtcOffset).DateTime));
    }
}
