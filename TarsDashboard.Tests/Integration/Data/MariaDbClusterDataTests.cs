using TarsDashboard.Core.Data;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>The lease and task ownership cases on a real MariaDB, a new database per test.</summary>
[Collection("infra")]
public sealed class MariaDbClusterDataTests(InfraFixture infra) : ClusterDataContract
{
    protected override DatabaseProvider Provider => DatabaseProvider.MySql;

    protected override Task<string> CreateEmptyDatabaseAsync() =>
        infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]);
}
