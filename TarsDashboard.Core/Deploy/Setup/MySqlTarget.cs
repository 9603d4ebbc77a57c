using System.Text.Json.Serialization;

namespace TarsDashboard.Core.Deploy.Setup;

/// <summary>The MySQL server and database the first-run wizard connects the dashboard to.</summary>
public sealed class MySqlTarget
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 3306;

    public string User { get; set; } = "root";

    /// <summary>Never kept in a wizard draft; asked for again after a resume.</summary>
    [JsonIgnore]
    public string Password { get; set; } = "";

    public string Database { get; set; } = "db_tars";
}
