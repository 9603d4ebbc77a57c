using TarsDashboard.Core.Data;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>The alert data cases on a real MariaDB, a new database per test.</summary>
[Collection("infra")]
public sealed class MariaDbAlertDataTests(InfraFixture infra) : AlertDataContract
{
    protected override DatabaseProvider Provider => DatabaseProvider.MySql;

    protected override Task<string> CreateEmptyDatabaseAsync() =>
        infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]);
}
