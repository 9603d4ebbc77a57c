using TarsDashboard.Core.Data;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>The same batched-read cases on a real MariaDB (MySqlConnector expands <c>IN @ids</c> too), a new database per test.</summary>
[Collection("infra")]
public sealed class MariaDbBatchedReadsTests(InfraFixture infra) : BatchedReadsContract
{
    protected override DatabaseProvider Provider => DatabaseProvider.MySql;

    protected override Task<string> CreateEmptyDatabaseAsync() =>
        infra.MariaDb.CreateDatabaseAsync($"db_tars_{Guid.NewGuid():N}"[..30]);
}
