using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Monitoring;

/// <summary>Writes, reads and prunes <c>tdash_resource_point</c>.</summary>
internal sealed class ResourcePointRepository(TarsDatabase database)
{
    private const string Columns = "node_name, container, resolution, at, cpu_percent, memory_used, memory_limit, network_rx, network_tx, block_read, block_write, restarts";

    public async Task InsertAsync(IReadOnlyCollection<ResourcePointRow> rows, CancellationToken cancellationToken = default)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // Dapper runs the statement once per row; one transaction keeps SQLite from syncing the file for each.
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Dapper.SqlMapper.ExecuteAsync(connection, new Dapper.CommandDefinition(
            $"INSERT INTO tdash_resource_point ({Columns}) VALUES (@NodeName, @Container, @Resolution, @At, @CpuPercent, @MemoryUsed, " +
            "@MemoryLimit, @NetworkRx, @NetworkTx, @BlockRead, @BlockWrite, @Restarts)",
            rows, transaction, database.CommandTimeout, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The points of one container at one resolution in [from, to), oldest first.</summary>
    public Task<IReadOnlyList<ResourcePointRow>> QueryAsync(ContainerKey key, int resolution, DateTime from, DateTime to,
        CancellationToken cancellationToken = default) =>
        database.QueryAsync<ResourcePointRow>(
            $"SELECT {Columns} FROM tdash_resource_point WHERE node_name = @Node AND container = @Container AND resolution = @Resolution " +
            "AND at >= @From AND at < @To ORDER BY at",
            new { key.Node, key.Container, Resolution = resolution, From = from, To = to }, cancellationToken);

    /// <summary>Deletes the points of a resolution older than <paramref name="before"/>; returns how many.</summary>
    public Task<int> PruneAsync(int resolution, DateTime before, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM tdash_resource_point WHERE resolution = @Resolution AND at < @Before",
            new { Resolution = resolution, Before = before }, cancellationToken);
}
