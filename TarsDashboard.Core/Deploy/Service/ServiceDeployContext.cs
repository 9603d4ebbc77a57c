using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Deploy.Service;

/// <summary>What the service wizard chooses from and checks against, read once per check.</summary>
/// <param name="Applications">Applications that already have services, by name.</param>
/// <param name="Services">Every existing (application, server) pair, for the "already taken" check.</param>
/// <param name="PortsByNode">The ports endpoints already use on each registered node.</param>
/// <param name="Users">The dashboard's user names (operators and developers must be among them).</param>
/// <param name="MayGrant">The caller manages users, so may name operators and developers (which grants them roles).</param>
public sealed record ServiceDeployContext(
    IReadOnlyList<string> Applications,
    IReadOnlySet<(string Application, string Server)> Services,
    IReadOnlyList<ProfileTemplateRow> Templates,
    IReadOnlyList<BaseImageRow> Images,
    IReadOnlyList<NodeRow> Nodes,
    IReadOnlyDictionary<string, IReadOnlySet<int>> PortsByNode,
    IReadOnlySet<string> Users,
    bool MayGrant = true)
{
    public bool IsTaken(string application, string server) =>
        Services.Contains((application.Trim().ToLowerInvariant(), server.Trim().ToLowerInvariant()));

    public IReadOnlySet<int> UsedPorts(string node) => PortsByNode.TryGetValue(node, out var ports) ? ports : new HashSet<int>();
}
