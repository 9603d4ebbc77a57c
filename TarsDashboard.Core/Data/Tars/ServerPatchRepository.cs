namespace TarsDashboard.Core.Data.Tars;

/// <summary>Reads and writes <c>t_server_patchs</c> (the columns the Tars web platform's upload fills).</summary>
internal sealed class ServerPatchRepository(TarsDatabase database)
{
    private const string Columns = "id, server, tgz, md5, update_text, upload_user, upload_time, publish, publish_user";

    /// <summary>Inserts the row as the web platform's upload does and returns its id (the publish's <c>patch_id</c>).</summary>
    public async Task<int> InsertAsync(ServerPatchRow row, CancellationToken cancellationToken = default)
    {
        row.Id = await database.InsertAsync(
            "INSERT INTO t_server_patchs (server, version, tgz, update_text, md5, posttime, upload_time, upload_user) " +
            "VALUES (@Server, '', @Tgz, @UpdateText, @Md5, @UploadTime, @UploadTime, @UploadUser)", row, cancellationToken);
        return row.Id;
    }

    public Task<ServerPatchRow?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<ServerPatchRow>($"SELECT {Columns} FROM t_server_patchs WHERE id = @id", new { id }, cancellationToken);

    public Task<IReadOnlyList<ServerPatchRow>> ListAsync(string server, CancellationToken cancellationToken = default) =>
        database.QueryAsync<ServerPatchRow>($"SELECT {Columns} FROM t_server_patchs WHERE server = @server ORDER BY id", new { server }, cancellationToken);

    public Task<int> DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM t_server_patchs WHERE id = @id", new { id }, cancellationToken);
}
