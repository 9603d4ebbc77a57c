using System.Text;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The admin port (<c>${local}</c>) of a service instance: the port tarsnode, AdminObj shutdown and "send command" reach
/// the service on. tarsnode picks a random free port in 30000-44999 and keeps it in the old config file; the dashboard
/// cannot look into the node's files before a start, so it derives the port from the instance's name instead. Pure.
/// </summary>
/// <remarks>
/// Every instance prefers <c>30000 + FNV-1a("App.Server@node") mod 15000</c>. The instances of the node take their
/// ports in order of <c>t_server_conf.id</c>, each moving up (and round) past ports already taken by the node's adapter
/// endpoints or by the instances before it. So the port is the same at every start of the same instance, no two instances
/// of a node share one, none lands on an adapter port, and adding an instance never moves an older one's port.
/// A port used by something outside Tars on the node is not detected (tarsnode probes with a connect; the dashboard does
/// not reach into the node's network).
/// </remarks>
public static class AdminPorts
{
    public const int First = 30000;
    public const int Count = 15000;

    /// <summary>Where an instance's search starts.</summary>
    public static int Preferred(string application, string serverName, string nodeName) =>
        First + (int)(Fnv1a($"{application}.{serverName}@{nodeName}") % Count);

    /// <param name="instance">The instance that needs its port.</param>
    /// <param name="nodeName">Its node.</param>
    /// <param name="nodeInstances">Every instance on the node (the instance itself may be among them).</param>
    /// <param name="reservedPorts">Ports that are not free: the node's adapter endpoints.</param>
    /// <exception cref="InvalidOperationException">Every port of the range is taken.</exception>
    public static int Assign(AdminPortClaim instance, string nodeName, IEnumerable<AdminPortClaim> nodeInstances, IEnumerable<int> reservedPorts)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(nodeInstances);
        ArgumentNullException.ThrowIfNull(reservedPorts);
        var taken = reservedPorts.Where(p => p is >= First and < First + Count).ToHashSet();
        var order = nodeInstances.Where(i => i.Id != instance.Id).Append(instance)
            .DistinctBy(i => i.Id)
            .OrderBy(i => i.Id)
            .ThenBy(i => i.Application, StringComparer.Ordinal)
            .ThenBy(i => i.ServerName, StringComparer.Ordinal);
        foreach (var claim in order)
        {
            if (taken.Count >= Count)
            {
                break;
            }

            var port = Preferred(claim.Application, claim.ServerName, nodeName);
            while (taken.Contains(port))
            {
                port = port + 1 == First + Count ? First : port + 1;
            }

            if (claim.Id == instance.Id)
            {
                return port;
            }

            taken.Add(port);
        }

        throw new InvalidOperationException($"Every admin port from {First} to {First + Count - 1} is taken on node {nodeName}.");
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
