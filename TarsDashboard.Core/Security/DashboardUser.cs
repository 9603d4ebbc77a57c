namespace TarsDashboard.Core.Security;

/// <summary>A person who signs in to the dashboard (<c>tdash_user</c>).</summary>
public sealed class DashboardUser
{
    public int Id { get; set; }
    public string UserName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public bool Disabled { get; set; }
    public int FailedLogins { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime? LastLoginAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public int RowVersion { get; set; }
}
