namespace TarsDashboard.Core.Security;

/// <summary>An API token as it is listed: its name and prefix, never the secret.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public string UserName { get; set; } = "";
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
