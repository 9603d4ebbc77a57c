namespace TarsDashboard.Core.Data.Tars;

/// <summary>
/// Reads and writes <c>t_docker_registry</c>. Edits are guarded by the <c>update_time</c> that was read (Tars' table has no
/// row version); a delete checks "in use" in the same statement.
/// </summary>
internal sealed class DockerRegistryRepository(TarsDatabase database)
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

    /// <summary>Saves only when update_time is still <paramref name="expected"/>; false when someone saved in between.</summary>
    public async Task<bool> UpdateAsync(DockerRegistryRow row, DateTime? expected, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(
            "UPDATE t_docker_registry SET registry = @Registry, username = @Username, password = @Password, remark = @Remark, " +
            $"update_time = @UpdateTime WHERE id = @Id AND {UpdateTimes.Unchanged}",
            new { row.Registry, row.Username, row.Password, row.Remark, row.UpdateTime, row.Id, Expected = expected }, cancellationToken) == 1;

    /// <summary>Deletes the registry unless an image uses it, in one statement; 0 when it is in use or gone.</summary>
    public Task<int> DeleteIfUnusedAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "DELETE FROM t_docker_registry WHERE id = @id AND NOT EXISTS (SELECT 1 FROM t_base_image WHERE registryId = @id)",
            new { id }, cancellationToken);
}
