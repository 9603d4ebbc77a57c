using TarsDashboard.Core.Deploy.Setup;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Model;

/// <summary>What the first-run wizard keeps between visits (passwords are never part of it).</summary>
public sealed class SetupDraft
{
    public bool UseMySql { get; set; }

    public MySqlTarget MySql { get; set; } = new();

    public DatabaseSetupMode Mode { get; set; } = DatabaseSetupMode.Create;

    public bool AddNode { get; set; }

    public NodeInput Node { get; set; } = new();
}
