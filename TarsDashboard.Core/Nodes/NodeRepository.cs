using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Nodes;

/// <summary>Reads and writes <c>tdash_node</c>.</summary>
internal sealed class NodeRepository(TarsDatabase database)
{
    private const string Columns =
        "id, node_name, endpoint, tls_cert_path, tars_hostpath, labels, created_at, updated_at, updated_by, row_version, management";

    public Task<IReadOnlyList<NodeRow>> ListAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<NodeRow>($"SELECT {Columns} FROM tdash_node ORDER BY node_name", null, cancellationToken);

    /// <summary>The registered nodes among <paramref name="nodeNames"/>, in one query.</summary>
    public Task<IReadOnlyList<NodeRow>> ListAsync(IReadOnlyCollection<string> nodeNames, CancellationToken cancellationToken = default) =>
        nodeNames.Count == 0
            ? Task.FromResult<IReadOnlyList<NodeRow>>([])
            : database.QueryAsync<NodeRow>($"SELECT {Columns} FROM tdash_node WHERE node_name IN @nodeNames ORDER BY node_name", new { nodeNames }, cancellationToken);

    public Task<NodeRow?> GetAsync(string nodeName, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<NodeRow>($"SELECT {Columns} FROM tdash_node WHERE node_name = @nodeName",
            new { nodeName }, cancellationToken);

    public async Task<int> InsertAsync(NodeRow row, CancellationToken cancellationToken = default)
    {
        row.Id = await database.InsertAsync(
            "INSERT INTO tdash_node (node_name, endpoint, tls_cert_path, tars_hostpath, labels, created_at, updated_at, updated_by, row_version, management) " +
            "VALUES (@NodeName, @Endpoint, @TlsCertPath, @TarsHostpath, @Labels, @CreatedAt, @UpdatedAt, @UpdatedBy, 1, @Management)",
            row, cancellationToken);
        row.RowVersion = 1;
        return row.Id;
    }

    /// <summary>Saves only when nobody saved since <see cref="NodeRow.RowVersion"/> was read; false when someone did.</summary>
    public async Task<bool> UpdateAsync(NodeRow row, CancellationToken cancellationToken = default)
    {
        var changed = await database.ExecuteAsync(
            "UPDATE tdash_node SET endpoint = @Endpoint, tls_cert_path = @TlsCertPath, tars_hostpath = @TarsHostpath, labels = @Labels, management = @Management, " +
            "updated_at = @UpdatedAt, updated_by = @UpdatedBy, row_version = row_version + 1 WHERE id = @Id AND row_version = @RowVersion",
            row, cancellationToken);
        if (changed == 1)
        {
            row.RowVersion++;
        }

        return changed == 1;
    }

    public Task<int> DeleteAsync(string nodeName, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM tdash_node WHERE node_name = @nodeName", new { nodeName }, cancellationToken);
}
