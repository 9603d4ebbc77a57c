namespace TarsDashboard.Core.Releases;

/// <summary>The <c>tdash_release.kind</c> values.</summary>
public static class ReleaseKinds
{
    /// <summary>A package (and image) rolled out in batches.</summary>
    public const string Rollout = "rollout";

    /// <summary>A return to an earlier release's package, image and config.</summary>
    public const string Rollback = "rollback";
}

/// <summary>The <c>tdash_release.state</c> values.</summary>
public static class ReleaseStates
{
    public const string Running = "running";

    /// <summary>Every batch went out and passed its gates.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>A gate failed: later batches were not started.</summary>
    public const string Stopped = "stopped";

    /// <summary>Someone stopped it; the batch under way finished, later ones were not started.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Something other than a gate went wrong (the database, the engine): the detail says what.</summary>
    public const string Failed = "failed";

    /// <summary>The dashboard restarted while it ran.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>The instances it changed were returned to what they ran before.</summary>
    public const string RolledBack = "rolledback";

    public static bool IsFinished(string state) => state != Running;
}

/// <summary>The <c>tdash_release_node.state</c> values, in the order an instance goes through them.</summary>
public static class ReleaseNodeStates
{
    public const string Pending = "pending";
    public const string Publishing = "publishing";
    public const string Gating = "gating";
    public const string Passed = "passed";
    public const string Failed = "failed";

    /// <summary>A later batch that never started because an earlier one failed or the release was stopped.</summary>
    public const string NotStarted = "notstarted";

    public const string RolledBack = "rolledback";

    /// <summary>The instance got the release's package (it may since have been rolled back).</summary>
    public static bool WasChanged(string state) => state is Publishing or Gating or Passed or Failed;
}
