using TarsDashboard.Core.Data;

namespace TarsDashboard.Tests.Data;

/// <summary>The lease and task ownership cases on the embedded default, a fresh file per test.</summary>
public sealed class SqliteClusterDataTests : ClusterDataContract
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateEmptyDatabaseAsync()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("tdash-sqlite-").FullName, "db_tars.db");
        return Task.FromResult($"Data Source={file}");
    }
}
