namespace TarsDashboard.Core.Services;

/// <summary>A service instance on a node that gets an admin port: its <c>t_server_conf.id</c> (older instances choose first) and name.</summary>
public sealed record AdminPortClaim(int Id, string Application, string ServerName);
