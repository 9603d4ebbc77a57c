namespace TarsDashboard.Core.Nodes;

/// <summary>
/// The two kinds of node (<c>tdash_node.management</c>): on an <see cref="Engine"/>-managed node the dashboard runs the
/// service containers through the Engine API; on a <see cref="Tarsnode"/>-managed node a real tarsnode owns them, and
/// the engine (if registered) only serves image sync, inspect, logs and stats.
/// </summary>
public static class NodeManagement
{
    public const string Engine = "engine";

    public const string Tarsnode = "tarsnode";

    public static bool IsKnown(string? value) => value is Engine or Tarsnode;
}
