using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Deploy.Service;

/// <summary>One servant of the new service, deployed on every chosen node with a port of its own on each. Defaults are Tars' deploy defaults.</summary>
public sealed class ServiceDeployAdapter
{
    /// <summary>The last part of the servant, e.g. <c>HelloObj</c>.</summary>
    public string ObjName { get; set; } = "";

    /// <summary><c>tcp</c> or <c>udp</c>.</summary>
    public string Transport { get; set; } = "tcp";

    /// <summary><c>tars</c> or <c>not_tars</c>.</summary>
    public string Protocol { get; set; } = "tars";

    public int ThreadNum { get; set; } = 5;

    public int MaxConnections { get; set; } = 100000;

    public int Queuecap { get; set; } = 50000;

    public int Queuetimeout { get; set; } = 20000;

    /// <summary>The port on each node, by node name; filled with free ports when a node is chosen.</summary>
    public Dictionary<string, int> Ports { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The adapter as the existing adapter form would have it on <paramref name="nodeName"/> (its shape checks are reused).</summary>
    public AdapterInput ToInput(string nodeName) => new()
    {
        ObjName = ObjName,
        Transport = Transport,
        Host = nodeName,
        Port = Ports.TryGetValue(nodeName, out var port) ? port : 0,
        ThreadNum = ThreadNum,
        MaxConnections = MaxConnections,
        Queuecap = Queuecap,
        Queuetimeout = Queuetimeout,
        Protocol = Protocol,
    };
}
