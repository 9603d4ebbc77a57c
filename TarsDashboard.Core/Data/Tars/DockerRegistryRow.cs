namespace TarsDashboard.Core.Data.Tars;

/// <summary>One <c>t_docker_registry</c> row. <see cref="Password"/> holds ciphertext once the dashboard saved it.</summary>
public sealed class DockerRegistryRow
{
    public int Id { get; set; }
    public string Registry { get; set; } = "";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    public string Remark { get; set; } = "";
    public DateTime? CreateTime { get; set; }
    public DateTime? UpdateTime { get; set; }
}
