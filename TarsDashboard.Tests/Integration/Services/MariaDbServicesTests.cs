using TarsDashboard.Core.Data;
using TarsDashboard.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TarsDashboard.Tests.Services;

/// <summary>The same services cases on a real MariaDB, a new database per test.</summary>
[Collection("infra")]
public sealed class MariaDbServicesTests(InfraFixture infra, ITestOutputHelper output) : ServicesContract(output)
{
    protected override DatabaseProvider Provider => DatabaseProvider.MySql;

    protected override Task<string> CreateEmptyDatabaseAsync() =>
        infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]);
}
