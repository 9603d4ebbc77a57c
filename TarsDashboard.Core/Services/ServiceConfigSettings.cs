namespace TarsDashboard.Core.Services;

/// <summary>What the generated config needs beyond <c>t_server_conf</c> and the template: what tarsnode knows about itself.</summary>
public sealed record ServiceConfigSettings
{
    /// <summary>The framework registry's locator, or null when the dashboard knows of no framework (see <see cref="ServiceConfigFile.NoFrameworkLocator"/>).</summary>
    public string? Locator { get; init; }

    /// <summary>The instance's admin port (<see cref="AdminPorts"/>).</summary>
    public required int AdminPort { get; init; }

    /// <summary>Container mode: the admin port and the adapters listen on 0.0.0.0, as tarsnode writes them for containers.</summary>
    public bool InContainer { get; init; } = true;

    /// <summary>
    /// <c>&lt;server&gt; node=</c>: the tarsnode the service heartbeats to. Empty on an engine-managed node, where no
    /// tarsnode runs (see <see cref="ServiceConfigFile"/>).
    /// </summary>
    public string NodeObj { get; init; } = "";

    /// <summary><c>t_base_image.image</c> and <c>.sha</c>, for <c>${baseimage}</c> and <c>${sha}</c>.</summary>
    public string BaseImage { get; init; } = "";

    public string Sha { get; init; } = "";
}
