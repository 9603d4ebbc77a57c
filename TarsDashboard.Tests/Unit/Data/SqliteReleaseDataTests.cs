using TarsDashboard.Core.Data;

namespace TarsDashboard.Tests.Data;

/// <summary>The release history's data cases on the embedded default, a fresh file per test.</summary>
public sealed class SqliteReleaseDataTests : ReleaseDataContract
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateEmptyDatabaseAsync()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("tdash-sqlite-").FullName, "db_tars.db");
        return Task.FromResult($"Data Source={file}");
    }
}
