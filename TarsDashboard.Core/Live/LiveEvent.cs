using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Live;

/// <summary>Something that changed and that every open page and hub client should hear about.</summary>
/// <param name="Topic">A stable name clients filter on, e.g. <c>node.health</c>.</param>
public abstract record LiveEvent(string Topic)
{
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Who may receive it: the hub drops events the caller's grants do not reach.</summary>
    public virtual (Permission Permission, AccessTarget Target) Audience => (Permission.ViewShared, AccessTarget.Global);
}
