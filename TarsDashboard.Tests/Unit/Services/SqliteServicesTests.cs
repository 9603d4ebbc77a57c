using TarsDashboard.Core.Data;
using Xunit.Abstractions;

namespace TarsDashboard.Tests.Services;

/// <summary>The services cases on the embedded default, a fresh file per test.</summary>
public sealed class SqliteServicesTests(ITestOutputHelper output) : ServicesContract(output)
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateEmptyDatabaseAsync()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("tdash-sqlite-").FullName, "db_tars.db");
        return Task.FromResult($"Data Source={file}");
    }
}
