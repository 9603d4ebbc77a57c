namespace TarsDashboard.Core.Security;

/// <summary>
/// Decides whether a caller may do something, from their grants read fresh from the database, so a grant taken
/// away applies at once to pages, actions and hub streams alike.
/// </summary>
public sealed class AccessControl
{
    private readonly GrantRepository grants;
    private readonly UserRepository users;

    internal AccessControl(
        GrantRepository grants,
        UserRepository users)
    {
        this.grants = grants;
        this.users = users;
    }

    public async Task<bool> IsAllowedAsync(Caller caller, Permission permission, AccessTarget target, CancellationToken cancellationToken = default)
    {
        return IsAllowed(await LoadGrantsAsync(caller, cancellationToken), permission, target);
    }

    /// <summary>The caller's grants now (empty for an unknown or disabled user), for callers that check many things at once.</summary>
    public async Task<IReadOnlyList<Grant>> LoadGrantsAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (caller.Kind == CallerKind.System)
        {
            return [new Grant(caller.UserName, Role.Admin, GrantScope.All)];
        }

        var user = await users.GetAsync(caller.UserName, cancellationToken);
        return user is null || user.Disabled ? [] : await grants.ListForUserAsync(caller.UserName, cancellationToken);
    }

    public async Task DemandAsync(Caller caller, Permission permission, AccessTarget target, CancellationToken cancellationToken = default)
    {
        if (!await IsAllowedAsync(caller, permission, target, cancellationToken))
        {
            throw new AccessDeniedException(caller, permission, target);
        }
    }

    /// <summary>A filter for lists: which services of many the caller may see or act on, with one database read.</summary>
    public async Task<Func<string, string, bool>> ServiceFilterAsync(Caller caller, Permission permission, CancellationToken cancellationToken = default)
    {
        var mine = await LoadGrantsAsync(caller, cancellationToken);
        return (application, server) => IsAllowed(mine, permission, AccessTarget.Service(application, server));
    }

    /// <summary>The rule itself, without I/O: the highest role among the grants whose scope covers the target.</summary>
    public static bool IsAllowed(IReadOnlyList<Grant> grants, Permission permission, AccessTarget target)
    {
        var (needed, scopeTarget) = permission switch
        {
            Permission.ViewService or Permission.TailLogs => (Role.Developer, target),
            Permission.OperateService => (Role.Operator, target),
            Permission.ViewShared => (Role.Developer, (AccessTarget?)null),
            _ => (Role.Admin, AccessTarget.Global),
        };

        if (scopeTarget is null)
        {
            return grants.Count > 0; // any role anywhere may read shared things
        }

        return grants.Any(g => g.Role >= needed && GrantScope.Covers(g.Scope, scopeTarget));
    }
}
