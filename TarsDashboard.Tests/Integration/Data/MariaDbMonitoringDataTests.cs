using TarsDashboard.Core.Data;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>The same resource history cases on a real MariaDB, a new database per test.</summary>
[Collection("infra")]
public sealed class MariaDbMonitoringDataTests(InfraFixture infra) : MonitoringDataContract
{
    protected override DatabaseProvider Provider => DatabaseProvider.MySql;

    protected override Task<string> CreateEmptyDatabaseAsync() =>
        infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]);
}
