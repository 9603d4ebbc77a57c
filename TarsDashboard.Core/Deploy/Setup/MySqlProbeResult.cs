namespace TarsDashboard.Core.Deploy.Setup;

/// <summary>What a connection test found: the server's version, whether the database exists and already holds Tars tables.</summary>
public sealed record MySqlProbeResult(bool Reachable, string? ServerVersion, bool DatabaseExists, bool HasTarsTables, string? Error)
{
    /// <summary>Adopt an existing db_tars; create one otherwise.</summary>
    public DatabaseSetupMode SuggestedMode => HasTarsTables ? DatabaseSetupMode.Adopt : DatabaseSetupMode.Create;
}
