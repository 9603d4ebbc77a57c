namespace TarsDashboard.Core.Data;

/// <summary>Binds the <c>Database</c> section and <c>ConnectionStrings:Tars</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Resolved from <c>ConnectionStrings:Tars</c>; for SQLite an empty value means a file in <see cref="DataFolder"/>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Folder for the embedded database file (relative paths resolve against the content root).</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>How long a single command may run before it is abandoned.</summary>
    public int CommandTimeoutSeconds { get; set; } = 15;

    public string EffectiveConnectionString(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString) || Provider != DatabaseProvider.Sqlite)
        {
            return ConnectionString;
        }

        var folder = Path.IsPathRooted(DataFolder) ? DataFolder : Path.Combine(contentRoot, DataFolder);
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "tarsdashboard.db")}";
    }
}
