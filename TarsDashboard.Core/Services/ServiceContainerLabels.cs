namespace TarsDashboard.Core.Services;

/// <summary>
/// The labels the dashboard puts on every service container it creates (see <see cref="ContainerSpecBuilder"/>);
/// tarsnode creates its containers with none, so their absence tells a tarsnode's container from the dashboard's.
/// </summary>
public static class ServiceContainerLabels
{
    public const string Application = "tars.app";

    public const string Server = "tars.server";

    public const string Node = "tars.node";

    /// <summary>True when a container carries all three: the dashboard made it.</summary>
    public static bool AreOnContainer(IDictionary<string, string>? labels) =>
        labels is not null && labels.ContainsKey(Application) && labels.ContainsKey(Server) && labels.ContainsKey(Node);
}
