namespace TarsDashboard.Core.Deploy.Setup;

/// <summary>Create a new db_tars, or adopt one the Tars framework already uses (only missing tables and columns are added).</summary>
public enum DatabaseSetupMode
{
    Create,
    Adopt,
}
