namespace TarsDashboard.Core.Services;

/// <summary>The values of the <c>t_server_conf.present_state</c> enum: what tarsnode last reported.</summary>
public static class PresentStates
{
    public const string Active = "active";
    public const string Inactive = "inactive";
    public const string Activating = "activating";
    public const string Deactivating = "deactivating";
    public const string Destroyed = "destroyed";

    public static IReadOnlyList<string> All { get; } = [Active, Inactive, Activating, Deactivating, Destroyed];
}
