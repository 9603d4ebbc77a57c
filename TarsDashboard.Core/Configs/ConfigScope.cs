namespace TarsDashboard.Core.Configs;

/// <summary>
/// Where a config file belongs: its kind, application, and (by kind) server, node and SET. Maps onto the
/// <c>t_config_files</c> key columns the way the Tars web platform writes them (empty strings, never NULL).
/// </summary>
public sealed record ConfigScope(ConfigScopeKind Kind, string Application, string Server = "", string Host = "",
    string SetName = "", string SetArea = "", string SetGroup = "")
{
    public static ConfigScope ForApplication(string application) => new(ConfigScopeKind.Application, application);

    public static ConfigScope ForSet(string application, string setName, string setArea, string setGroup) =>
        new(ConfigScopeKind.Set, application, SetName: setName, SetArea: setArea, SetGroup: setGroup);

    public static ConfigScope ForServer(string application, string server) => new(ConfigScopeKind.Server, application, server);

    public static ConfigScope ForNode(string application, string server, string host) => new(ConfigScopeKind.Node, application, server, host);

    public ConfigLevel Level => Kind switch
    {
        ConfigScopeKind.Application or ConfigScopeKind.Set => ConfigLevel.Application,
        ConfigScopeKind.Server => ConfigLevel.Server,
        _ => ConfigLevel.Node,
    };

    /// <summary><c>App</c> for level 1, <c>App.Server</c> otherwise.</summary>
    public string ServerName => Level == ConfigLevel.Application ? Application : $"{Application}.{Server}";

    /// <summary>The scope a stored row belongs to.</summary>
    public static ConfigScope Of(ConfigFileRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var name = row.ServerName ?? "";
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var application = dot < 0 ? name : name[..dot];
        var server = dot < 0 ? "" : name[(dot + 1)..];
        return row.Level switch
        {
            (int)ConfigLevel.Application when (row.SetName ?? "").Length > 0 =>
                ForSet(application, row.SetName ?? "", row.SetArea ?? "", row.SetGroup ?? ""),
            (int)ConfigLevel.Application => ForApplication(application),
            (int)ConfigLevel.Node => new ConfigScope(ConfigScopeKind.Node, application, server, row.Host ?? "", row.SetName ?? "", row.SetArea ?? "", row.SetGroup ?? ""),
            _ => new ConfigScope(ConfigScopeKind.Server, application, server, "", row.SetName ?? "", row.SetArea ?? "", row.SetGroup ?? ""),
        };
    }

    public override string ToString() => Kind switch
    {
        ConfigScopeKind.Application => Application,
        ConfigScopeKind.Set => $"{Application} ({SetName}.{SetArea}.{SetGroup})",
        ConfigScopeKind.Server => ServerName,
        _ => $"{ServerName}@{Host}",
    };
}
