using TarsDashboard.Core.Data;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>The config file cases on a real MariaDB with db_tars' own table definitions, a new database per test.</summary>
[Collection("infra")]
public sealed class MariaDbConfigDataTests(InfraFixture infra) : ConfigDataContract
{
    protected override DatabaseProvider Provider => DatabaseProvider.MySql;

    protected override Task<string> CreateEmptyDatabaseAsync() =>
        infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]);
}
