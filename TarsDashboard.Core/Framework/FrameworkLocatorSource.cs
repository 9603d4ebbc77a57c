namespace TarsDashboard.Core.Framework;

/// <summary>Where the effective registry locator came from.</summary>
public enum FrameworkLocatorSource
{
    /// <summary>No setting and no active registry in db_tars: the dashboard runs without a framework.</summary>
    None,

    /// <summary>The <c>Framework:Locator</c> setting.</summary>
    Setting,

    /// <summary>The active tarsregistry instances' <c>QueryObj</c> rows in <c>t_adapter_conf</c>.</summary>
    Database,
}
