namespace TarsDashboard.Core.Data.Tars;

/// <summary>Reads and writes <c>t_base_image</c> (note Tars' camel-case <c>registryId</c> column).</summary>
public sealed class BaseImageRepository(TarsDatabase database)
{
    private const string Columns = "id, image, registryId AS registry_id, remark, result, create_time, update_time, sha";

    public Task<IReadOnlyList<BaseImageRow>> ListAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<BaseImageRow>($"SELECT {Columns} FROM t_base_image ORDER BY image", null, cancellationToken);

    public Task<BaseImageRow?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<BaseImageRow>($"SELECT {Columns} FROM t_base_image WHERE id = @id", new { id }, cancellationToken);

    public Task<int> CountUsingRegistryAsync(int registryId, CancellationToken cancellationToken = default) =>
        database.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM t_base_image WHERE registryId = @registryId", new { registryId }, cancellationToken);

    public async Task<int> InsertAsync(BaseImageRow row, CancellationToken cancellationToken = default)
    {
        row.Id = await database.InsertAsync(
            "INSERT INTO t_base_image (image, registryId, remark, result, create_time, update_time, sha) VALUES (@Image, @RegistryId, @Remark, @Result, @CreateTime, @UpdateTime, @Sha)",
            row, cancellationToken);
        return row.Id;
    }

    public Task<int> DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM t_base_image WHERE id = @id", new { id }, cancellationToken);
}
