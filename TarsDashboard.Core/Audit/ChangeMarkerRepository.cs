using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Audit;

/// <summary>The audit rows that changed one service, for chart markers.</summary>
internal sealed class ChangeMarkerRepository(TarsDatabase database)
{
    public async Task<IReadOnlyList<ChangeMarker>> ListAsync(string service, IReadOnlyCollection<string> actions, DateTime from, DateTime to,
        CancellationToken cancellationToken)
    {
        // Targets name the service as "App.Server", "App.Server on node1, node2" (tasks) or "App.Server@node1" (edits).
        var escaped = service.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);
        var rows = await database.QueryAsync<MarkerRow>(
            "SELECT at AS At, action AS Action, user_name AS UserName, target AS Target FROM tdash_audit " +
            "WHERE result = @ok AND action IN @actions AND at >= @from AND at <= @to " +
            "AND (target = @service OR target LIKE @onNodes ESCAPE '!' OR target LIKE @atNode ESCAPE '!') ORDER BY at, id",
            new { ok = AuditResult.Ok, actions, from, to, service, onNodes = escaped + " on %", atNode = escaped + "@%" }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new ChangeMarker(r.At, r.Action, r.UserName, r.Target))];
    }

    // Settable, so the dialects' date handlers apply (SQLite keeps times as text).
    private sealed class MarkerRow
    {
        public DateTime At { get; set; }

        public string Action { get; set; } = "";

        public string UserName { get; set; } = "";

        public string Target { get; set; } = "";
    }
}
