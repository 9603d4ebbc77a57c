namespace TarsDashboard.Core.Security;

/// <summary>The caller's grants do not allow the action; nothing was done.</summary>
public sealed class AccessDeniedException(Caller caller, Permission permission, AccessTarget target)
    : Exception($"{caller.UserName} may not {permission} on {target}.")
{
    public Permission Permission { get; } = permission;

    public AccessTarget Target { get; } = target;
}
