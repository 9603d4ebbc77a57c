namespace TarsDashboard.Core.Configs;

/// <summary>
/// <c>t_config_files.level</c> as tarsconfig reads it (ConfigImp's eLevelApp, eLevelAllServer, eLevelIpServer): an
/// application's (and a SET's) files are level 1 with <c>server_name = App</c>, a service's level 2 with
/// <c>server_name = App.Server</c>, one node's copy level 3 with <c>host</c> set.
/// </summary>
public enum ConfigLevel
{
    Application = 1,
    Server = 2,
    Node = 3,
}
