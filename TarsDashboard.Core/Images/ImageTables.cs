using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;

namespace TarsDashboard.Core.Images;

/// <summary>
/// The writes on <c>t_docker_registry</c> and <c>t_base_image</c> that the shared repositories do not offer: edits guarded
/// by the <c>update_time</c> that was read (Tars' tables have no row version), deletes that check "in use" in the same
/// statement, and the sync outcome.
/// </summary>
public sealed class ImageTables(TarsDatabase database)
{
    private const string SameUpdateTime = "(update_time = @Expected OR (update_time IS NULL AND @Expected IS NULL))";

    /// <summary>
    /// The update_time to write: now, to the second (MySQL datetime keeps no fraction), and always later than the
    /// previous one, so that two saves within one second still tell an edit based on the older one.
    /// </summary>
    public static DateTime NextUpdateTime(DateTime? previous)
    {
        var now = DateTime.UtcNow;
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        return previous is { } p && now <= p ? DateTime.SpecifyKind(p, DateTimeKind.Utc).AddSeconds(1) : now;
    }

    /// <summary>Saves only when update_time is still <paramref name="expected"/>; false when someone saved in between.</summary>
    public async Task<bool> UpdateRegistryAsync(DockerRegistryRow row, DateTime? expected, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(
            "UPDATE t_docker_registry SET registry = @Registry, username = @Username, password = @Password, remark = @Remark, " +
            $"update_time = @UpdateTime WHERE id = @Id AND {SameUpdateTime}",
            new { row.Registry, row.Username, row.Password, row.Remark, row.UpdateTime, row.Id, Expected = expected }, cancellationToken) == 1;

    /// <summary>Deletes the registry unless an image uses it, in one statement; 0 when it is in use or gone.</summary>
    public Task<int> DeleteRegistryIfUnusedAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "DELETE FROM t_docker_registry WHERE id = @id AND NOT EXISTS (SELECT 1 FROM t_base_image WHERE registryId = @id)",
            new { id }, cancellationToken);

    /// <summary>
    /// Saves only when update_time is still <paramref name="expected"/>. A changed reference forgets the last sync
    /// (sha, result), which described another image.
    /// </summary>
    public async Task<bool> UpdateImageAsync(BaseImageRow row, DateTime? expected, bool referenceChanged, CancellationToken cancellationToken = default)
    {
        var forget = referenceChanged ? ", sha = NULL, result = NULL" : "";
        return await database.ExecuteAsync(
            $"UPDATE t_base_image SET image = @Image, registryId = @RegistryId, remark = @Remark, update_time = @UpdateTime{forget} " +
            $"WHERE id = @Id AND {SameUpdateTime}",
            new { row.Image, row.RegistryId, row.Remark, row.UpdateTime, row.Id, Expected = expected }, cancellationToken) == 1;
    }

    /// <summary>Deletes the image unless a service runs on it, in one statement; 0 when it is in use or gone.</summary>
    public Task<int> DeleteImageIfUnusedAsync(int id, CancellationToken cancellationToken = default) =>
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
