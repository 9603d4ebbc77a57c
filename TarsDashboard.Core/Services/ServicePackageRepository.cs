using System.Globalization;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Services;

/// <summary>Reads and writes <c>tdash_package</c> (the stored packages) and <c>tdash_package_publish</c> (where each went).</summary>
internal sealed class ServicePackageRepository(TarsDatabase database)
{
    private const string Columns = "id, application, server_name, comment, md5, size, file_name, uploaded_by, uploaded_at, is_default";

    public Task<IReadOnlyList<ServicePackageRow>> ListAsync(string application, string serverName, CancellationToken cancellationToken = default) =>
        database.QueryAsync<ServicePackageRow>(
            $"SELECT {Columns} FROM tdash_package WHERE application = @application AND server_name = @serverName ORDER BY id DESC",
            new { application, serverName }, cancellationToken);

    public Task<ServicePackageRow?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<ServicePackageRow>($"SELECT {Columns} FROM tdash_package WHERE id = @id", new { id }, cancellationToken);

    public async Task<bool> HasDefaultAsync(string application, string serverName, CancellationToken cancellationToken = default) =>
        await database.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM tdash_package WHERE application = @application AND server_name = @serverName AND is_default = 1",
            new { application, serverName }, cancellationToken) > 0;

    public async Task<int> InsertAsync(ServicePackageRow row, CancellationToken cancellationToken = default)
    {
        row.Id = await database.InsertAsync(
            "INSERT INTO tdash_package (application, server_name, comment, md5, size, file_name, uploaded_by, uploaded_at, is_default) " +
            "VALUES (@Application, @ServerName, @Comment, @Md5, @Size, @FileName, @UploadedBy, @UploadedAt, @IsDefault)", row, cancellationToken);
        return row.Id;
    }

    /// <summary>Makes <paramref name="row"/> the only default package of its App.Server, in one statement.</summary>
    public Task<int> SetDefaultAsync(ServicePackageRow row, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "UPDATE tdash_package SET is_default = CASE WHEN id = @Id THEN 1 ELSE 0 END WHERE application = @Application AND server_name = @ServerName",
            new { row.Id, row.Application, row.ServerName }, cancellationToken);

    public Task<int> DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM tdash_package WHERE id = @id", new { id }, cancellationToken);

    /// <summary>Records a publish of <paramref name="packageId"/> to each node as running, on one connection.</summary>
    public Task<int> InsertPublishesAsync(int packageId, string application, string serverName, IReadOnlyCollection<string> nodeNames, string taskNo,
        string user, DateTime publishedAt, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "INSERT INTO tdash_package_publish (package_id, application, server_name, node_name, task_no, published_by, published_at, result) " +
            "VALUES (@packageId, @application, @serverName, @nodeName, @taskNo, @user, @publishedAt, 'running')",
            nodeNames.Select(nodeName => new { packageId, application, serverName, nodeName, taskNo, user, publishedAt }), cancellationToken);

    public Task<int> SetPublishResultAsync(string taskNo, string nodeName, string result, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE tdash_package_publish SET result = @result WHERE task_no = @taskNo AND node_name = @nodeName",
            new { result, taskNo, nodeName }, cancellationToken);

    /// <summary>Publishes of this App.Server, newest first.</summary>
    public Task<IReadOnlyList<PackagePublishRow>> ListPublishesAsync(string application, string serverName, int limit,
        CancellationToken cancellationToken = default) =>
        database.QueryAsync<PackagePublishRow>(
            "SELECT id, package_id, application, server_name, node_name, task_no, published_by, published_at, result FROM tdash_package_publish " +
            $"WHERE application = @application AND server_name = @serverName ORDER BY id DESC LIMIT {limit.ToString(CultureInfo.InvariantCulture)}",
            new { application, serverName }, cancellationToken);
}
