namespace TarsDashboard.Core.Security;

/// <summary>A user as the Users page shows it: never the password hash.</summary>
public sealed record UserSummary(string UserName, bool Disabled, DateTime? LockedUntil, DateTime? LastLoginAt, DateTime CreatedAt,
    int RowVersion, IReadOnlyList<Grant> Grants);
