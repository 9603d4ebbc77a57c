using System.Globalization;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Releases;

/// <summary>Reads and writes <c>tdash_release</c> and <c>tdash_release_node</c>.</summary>
internal sealed class ReleaseRepository(TarsDatabase database)
{
    private const string Columns = "id, application, server_name, kind, package_id, package_md5, package_label, base_image_id, image, config_json, " +
        "source_release_id, reverts_release_id, batch_size, batch_percent, wait_seconds, log_pattern, failure_gate, state, detail, created_by, created_at, ended_at";

    private const string NodeColumns = "id, release_id, server_id, node_name, batch, state, task_no, previous_package_id, previous_base_image_id, " +
        "detail, started_at, ended_at";

    public async Task<int> InsertAsync(ReleaseRow row, IReadOnlyList<ReleaseNodeRow> nodes, CancellationToken cancellationToken = default)
    {
        row.Id = await database.InsertAsync(
            "INSERT INTO tdash_release (application, server_name, kind, package_id, package_md5, package_label, base_image_id, image, config_json, " +
            "source_release_id, reverts_release_id, batch_size, batch_percent, wait_seconds, log_pattern, failure_gate, state, detail, created_by, created_at, ended_at) VALUES " +
            "(@Application, @ServerName, @Kind, @PackageId, @PackageMd5, @PackageLabel, @BaseImageId, @Image, @ConfigJson, @SourceReleaseId, @RevertsReleaseId, @BatchSize, " +
            "@BatchPercent, @WaitSeconds, @LogPattern, @FailureGate, @State, @Detail, @CreatedBy, @CreatedAt, @EndedAt)", row, cancellationToken);
        // One insert per instance: each row's id is needed to record its progress.
        foreach (var node in nodes)
        {
            node.ReleaseId = row.Id;
            node.Id = await database.InsertAsync(
                "INSERT INTO tdash_release_node (release_id, server_id, node_name, batch, state, task_no, previous_package_id, previous_base_image_id, " +
                "detail, started_at, ended_at) VALUES (@ReleaseId, @ServerId, @NodeName, @Batch, @State, @TaskNo, @PreviousPackageId, " +
                "@PreviousBaseImageId, @Detail, @StartedAt, @EndedAt)", node, cancellationToken);
        }

        return row.Id;
    }

    public Task<ReleaseRow?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<ReleaseRow>($"SELECT {Columns} FROM tdash_release WHERE id = @id", new { id }, cancellationToken);

    /// <summary>Releases of this App.Server, newest first.</summary>
    public Task<IReadOnlyList<ReleaseRow>> ListAsync(string application, string serverName, int limit, CancellationToken cancellationToken = default) =>
        database.QueryAsync<ReleaseRow>(
            $"SELECT {Columns} FROM tdash_release WHERE application = @application AND server_name = @serverName ORDER BY id DESC " +
            $"LIMIT {limit.ToString(CultureInfo.InvariantCulture)}", new { application, serverName }, cancellationToken);

    public Task<IReadOnlyList<ReleaseNodeRow>> ListNodesAsync(int releaseId, CancellationToken cancellationToken = default) =>
        database.QueryAsync<ReleaseNodeRow>($"SELECT {NodeColumns} FROM tdash_release_node WHERE release_id = @releaseId ORDER BY batch, node_name",
            new { releaseId }, cancellationToken);

    /// <summary>The nodes of several releases at once (the history list shows each release's nodes).</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<ReleaseNodeRow>>> ListNodesAsync(IReadOnlyCollection<int> releaseIds,
        CancellationToken cancellationToken = default)
    {
        if (releaseIds.Count == 0)
        {
            return new Dictionary<int, IReadOnlyList<ReleaseNodeRow>>();
        }

        var rows = await database.QueryAsync<ReleaseNodeRow>(
            $"SELECT {NodeColumns} FROM tdash_release_node WHERE release_id IN @releaseIds ORDER BY batch, node_name", new { releaseIds }, cancellationToken);
        return rows.GroupBy(r => r.ReleaseId).ToDictionary(g => g.Key, g => (IReadOnlyList<ReleaseNodeRow>)[.. g]);
    }

    public Task<int> SetStateAsync(int id, string state, string detail, DateTime? endedAt, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE tdash_release SET state = @state, detail = @detail, ended_at = @endedAt WHERE id = @id",
            new { id, state, detail = Truncate(detail, 1024), endedAt }, cancellationToken);

    public Task<int> SetNodeAsync(ReleaseNodeRow node, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "UPDATE tdash_release_node SET state = @State, task_no = @TaskNo, detail = @Detail, started_at = @StartedAt, ended_at = @EndedAt WHERE id = @Id",
            new { node.Id, node.State, node.TaskNo, Detail = Truncate(node.Detail, 1024), node.StartedAt, node.EndedAt }, cancellationToken);

    /// <summary>Releases still marked running, which a restart of the dashboard cut off.</summary>
    public Task<IReadOnlyList<ReleaseRow>> ListRunningAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<ReleaseRow>($"SELECT {Columns} FROM tdash_release WHERE state = @state", new { state = ReleaseStates.Running }, cancellationToken);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
