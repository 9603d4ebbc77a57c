namespace TarsDashboard.Core.Security;

/// <summary>The Tars web platform's roles; each includes what the ones below it may do.</summary>
public enum Role
{
    /// <summary>Sees the services granted and tails their logs.</summary>
    Developer = 1,

    /// <summary>Also starts, stops, edits and publishes them.</summary>
    Operator = 2,

    /// <summary>Also manages images, registries, nodes, templates, users and grants (when granted on <c>*</c>).</summary>
    Admin = 3,
}
