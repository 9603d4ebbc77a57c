namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>What deploying the framework in Docker creates, in order: the network, the framework, then the tarsnode containers.</summary>
public sealed record FrameworkDockerPlan(FrameworkNetworkSpec Network, IReadOnlyList<FrameworkContainerSpec> Containers)
{
    /// <summary>Env variables whose values are secrets: never logged, audited or shown.</summary>
    public static readonly IReadOnlySet<string> SecretEnvNames = new HashSet<string>(StringComparer.Ordinal) { "MYSQL_ROOT_PASSWORD" };

    /// <summary>The shell variable the exported commands use in place of the MySQL password.</summary>
    public const string PasswordVariable = "TARS_MYSQL_PASSWORD";
}
