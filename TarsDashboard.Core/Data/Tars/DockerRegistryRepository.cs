namespace TarsDashboard.Core.Data.Tars;

/// <summary>Reads and writes <c>t_docker_registry</c>.</summary>
public sealed class DockerRegistryRepository(TarsDatabase database)
{
    private const string Columns = "id, registry, username, password, remark, create_time, update_time";

    public Task<IReadOnlyList<DockerRegistryRow>> ListAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<DockerRegistryRow>($"SELECT {Columns} FROM t_docker_registry ORDER BY registry", null, cancellationToken);

    public Task<DockerRegistryRow?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<DockerRegistryRow>($"SELECT {Columns} FROM t_docker_registry WHERE id = @id", new { id }, cancellationToken);

    public async Task<int> InsertAsync(DockerRegistryRow row, CancellationToken cancellationToken = default)
    {
        row.Id = await database.InsertAsync(
            "INSERT INTO t_docker_registry (registry, username, password, remark, create_time, update_time) VALUES (@Registry, @Username, @Password, @Remark, @CreateTime, @UpdateTime)",
            row, cancellationToken);
        return row.Id;
    }

    public Task<int> DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM t_docker_registry WHERE id = @id", new { id }, cancellationToken);
}
