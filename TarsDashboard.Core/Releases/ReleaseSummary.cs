namespace TarsDashboard.Core.Releases;

/// <summary>A release with its instances, as the history and the progress view show it.</summary>
public sealed record ReleaseSummary(ReleaseRow Release, IReadOnlyList<ReleaseNodeRow> Nodes)
{
    /// <summary>A stopped (or cancelled, or failed) rollout that changed instances can be undone.</summary>
    public bool CanRevert => Release.Kind == ReleaseKinds.Rollout
        && Release.State is ReleaseStates.Stopped or ReleaseStates.Cancelled or ReleaseStates.Failed or ReleaseStates.Interrupted
        && Nodes.Any(n => ReleaseNodeStates.WasChanged(n.State));
}
