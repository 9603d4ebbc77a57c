namespace TarsDashboard.Core.Services;

/// <summary>The values of the <c>t_server_conf.server_type</c> enum, in the order Tars declares them.</summary>
public static class ServerTypes
{
    public static IReadOnlyList<string> All { get; } = ["tars_cpp", "not_tars", "tars_java", "tars_nodejs", "tars_php", "tars_go"];

    public static bool IsValid(string? serverType) => serverType is not null && All.Contains(serverType);
}
