using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Alerts;

/// <summary>What an alert is about: a service instance (application, server, node) or a node alone.</summary>
public sealed record AlertTarget(string? Application, string? Server, string NodeName)
{
    public static AlertTarget Node(string nodeName) => new(null, null, nodeName);

    public static AlertTarget Service(string application, string server, string nodeName) => new(application, server, nodeName);

    /// <summary>The de-duplication key: one firing per rule and key.</summary>
    public string Key => Application is null ? $"node:{NodeName}" : $"{Application}.{Server}@{NodeName}";

    public string ServiceName => Application is null ? "" : $"{Application}.{Server}";

    /// <summary>Whom the target's alerts may reach: a service's developers; node alerts are global.</summary>
    public AccessTarget Access => Application is null ? AccessTarget.Global : AccessTarget.Service(Application, Server!);

    /// <summary>True when a rule scoped <paramref name="scope"/> watches this target (a node only under <c>*</c>).</summary>
    public bool IsIn(string scope) => GrantScope.Covers(scope, Access);

    public override string ToString() => Application is null ? $"node {NodeName}" : $"{Application}.{Server} on {NodeName}";
}
