namespace TarsDashboard.Core.Security;

/// <summary>The outcome of a password check.</summary>
public enum SignInOutcome
{
    Succeeded,
    InvalidCredentials,
    LockedOut,
    Disabled,
}

public sealed record SignInResult(SignInOutcome Outcome, DashboardUser? User = null, DateTime? LockedUntil = null);
