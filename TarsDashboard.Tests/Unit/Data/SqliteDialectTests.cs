using TarsDashboard.Core.Data;
using Xunit;

namespace TarsDashboard.Tests.Data;

public sealed class SqliteDialectTests
{
    [Theory]
    [InlineData("varchar(128) NOT NULL DEFAULT ''", "TEXT NOT NULL DEFAULT ''")]
    [InlineData("int(11) unsigned NOT NULL DEFAULT '0'", "INTEGER NOT NULL DEFAULT '0'")]
    [InlineData("enum('active','inactive') NOT NULL DEFAULT 'inactive'", "TEXT NOT NULL DEFAULT 'inactive'")]
    [InlineData("timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP", "TEXT DEFAULT CURRENT_TIMESTAMP")]
    [InlineData("float DEFAULT '0'", "REAL DEFAULT '0'")]
    [InlineData("text", "TEXT")]
    [InlineData("tinyint(1) DEFAULT NULL", "INTEGER DEFAULT NULL")]
    public void Maps_mysql_column_types_onto_sqlite_storage_classes(string mySql, string sqlite)
    {
        Assert.Equal(sqlite, SqliteDialect.ToSqlite(mySql));
    }
}
