namespace TarsDashboard.Core.Services;

/// <summary>The values of <c>t_server_conf.run_type</c>: how tarsnode starts a service.</summary>
public static class RunTypes
{
    /// <summary>Native: tarsnode runs the unpacked tgz as a process (the column's default, also NULL on old rows).</summary>
    public const string Native = "";

    /// <summary>Container mode: the service runs in a container of its base image, its files bind-mounted in.</summary>
    public const string Container = "container";

    public static bool IsContainer(string? runType) => string.Equals(runType?.Trim(), Container, StringComparison.Ordinal);

    /// <summary>The stored value in its normal form: NULL and blanks are native.</summary>
    public static string Normalize(string? runType) => IsContainer(runType) ? Container : Native;
}
