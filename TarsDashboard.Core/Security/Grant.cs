namespace TarsDashboard.Core.Security;

/// <summary>A role given to a user on a scope (<c>tdash_grant</c>).</summary>
public sealed record Grant(string UserName, Role Role, string Scope)
{
    public int Id { get; init; }
}
