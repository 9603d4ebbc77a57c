using System.Text.RegularExpressions;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The naming rules of Tars in one place: applications, servers, servant objects and SET parts are a letter followed by
/// letters and digits; nodes are named by host or IP. The lengths are those of the narrowest db_tars column a name goes into.
/// </summary>
public static partial class TarsNames
{
    /// <summary>t_adapter_conf.application is varchar(50), the narrowest column an application name goes into.</summary>
    public const int MaxApplicationLength = 50;

    /// <summary>t_server_conf.server_name is varchar(128); the servant App.Server.XxxObj must still fit its column.</summary>
    public const int MaxServerNameLength = 64;

    /// <summary>t_node_info.node_name and t_server_conf.node_name are varchar(50).</summary>
    public const int MaxNodeNameLength = 50;

    private const string ServerSuffix = "Server";

    /// <summary>True for an application, server or obj name such as <c>Test</c>, <c>HelloServer</c>, <c>HelloObj</c>.</summary>
    public static bool IsValidName(string? name) => name is { Length: > 0 } && NamePattern().IsMatch(name);

    /// <summary>True for a node name: a host name or IP, 1-50 letters, digits, '.', '-' or '_', starting with a letter or digit.</summary>
    public static bool IsValidNodeName(string? name) => name is { Length: > 0 } && NodeNamePattern().IsMatch(name);

    /// <summary>The servant a server gets by default, as Tars' own samples name them: HelloServer serves HelloObj.</summary>
    public static string DefaultObjName(string? serverName)
    {
        var name = serverName?.Trim() ?? "";
        var stem = name.EndsWith(ServerSuffix, StringComparison.Ordinal) && name.Length > ServerSuffix.Length ? name[..^ServerSuffix.Length] : name;
        return stem + "Obj";
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9]*\\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,49}\\z")]
    private static partial Regex NodeNamePattern();
}
