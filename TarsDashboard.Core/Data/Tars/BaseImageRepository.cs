namespace TarsDashboard.Core.Data.Tars;

/// <summary>
/// Reads and writes <c>t_base_image</c> (note Tars' camel-case <c>registryId</c> column). Edits are guarded by the
/// <c>update_time</c> that was read (Tars' table has no row version); a delete checks "in use" in the same statement.
/// </summary>
internal sealed class BaseImageRepository(TarsDatabase database)
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

    /// <summary>
    /// Saves only when update_time is still <paramref name="expected"/>. A changed reference forgets the last sync
    /// (sha, result), which described another image.
    /// </summary>
    public async Task<bool> UpdateAsync(BaseImageRow row, DateTime? expected, bool referenceChanged, CancellationToken cancellationToken = default)
    {
        var forget = referenceChanged ? ", sha = NULL, result = NULL" : "";
        return await database.ExecuteAsync(
            $"UPDATE t_base_image SET image = @Image, registryId = @RegistryId, remark = @Remark, update_time = @UpdateTime{forget} " +
            $"WHERE id = @Id AND {UpdateTimes.Unchanged}",
            new { row.Image, row.RegistryId, row.Remark, row.UpdateTime, row.Id, Expected = expected }, cancellationToken) == 1;
    }

    /// <summary>Deletes the image unless a service runs on it, in one statement; 0 when it is in use or gone.</summary>
    public Task<int> DeleteIfUnusedAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "DELETE FROM t_base_image WHERE id = @id AND NOT EXISTS (SELECT 1 FROM t_server_conf WHERE base_image_id = @id)",
            new { id }, cancellationToken);

    public Task<int> CountServicesUsingAsync(int imageId, CancellationToken cancellationToken = default) =>
        database.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM t_server_conf WHERE base_image_id = @imageId", new { imageId }, cancellationToken);

    /// <summary>Services per image id, for every image some service runs on.</summary>
    public async Task<IReadOnlyDictionary<int, int>> CountServicesPerImageAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<(long ImageId, long Count)>(
            "SELECT base_image_id, COUNT(*) FROM t_server_conf WHERE base_image_id > 0 GROUP BY base_image_id", null, cancellationToken);
        return rows.ToDictionary(r => (int)r.ImageId, r => (int)r.Count);
    }

    /// <summary>Records a sync: the result always, the image id only when a node pulled it (null keeps the old one).</summary>
    public Task<int> SaveSyncResultAsync(int imageId, string? sha, string result, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "UPDATE t_base_image SET result = @result, sha = COALESCE(@sha, sha) WHERE id = @imageId",
            new { imageId, sha, result }, cancellationToken);
}
