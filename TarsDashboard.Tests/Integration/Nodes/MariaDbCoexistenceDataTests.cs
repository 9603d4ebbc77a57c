using TarsDashboard.Core.Data;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Nodes;

/// <summary>The coexistence data cases on a real MariaDB, a new database per test.</summary>
[Collection("infra")]
public sealed class MariaDbCoexistenceDataTests(InfraFixture infra) : CoexistenceDataContract
{
    protected override DatabaseProvider Provider => DatabaseProvider.MySql;

    protected override Task<string> CreateEmptyDatabaseAsync() =>
        infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]);
}
