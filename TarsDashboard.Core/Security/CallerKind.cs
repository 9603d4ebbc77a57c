namespace TarsDashboard.Core.Security;

/// <summary>How the caller proved who they are.</summary>
public enum CallerKind
{
    User,
    ApiToken,
    System,
}
