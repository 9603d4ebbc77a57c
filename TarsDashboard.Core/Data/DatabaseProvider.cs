namespace TarsDashboard.Core.Data;

/// <summary>Which database engine holds db_tars and the dashboard's own tables.</summary>
public enum DatabaseProvider
{
    Sqlite,
    MySql,
}
