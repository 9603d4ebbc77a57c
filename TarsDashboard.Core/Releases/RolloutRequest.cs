namespace TarsDashboard.Core.Releases;

/// <summary>What a batch publish is asked to do.</summary>
/// <param name="ServerIds">The instances (<c>t_server_conf.id</c>), all of one App.Server, in the order batches take them.</param>
/// <param name="BatchSize">Instances per batch; 0 to use <paramref name="BatchPercent"/>.</param>
/// <param name="BatchPercent">Share of the instances per batch (1-100); 0 to use <paramref name="BatchSize"/>. Both 0: one batch.</param>
/// <param name="WaitSeconds">How long each batch is watched after it is up before the next one starts (0-3600).</param>
/// <param name="LogPattern">When set, a line of the container output matching it (regex) during the wait fails the gate.</param>
/// <param name="FailureGate">Compare the batch's Tars call failure rate with the instances not yet upgraded (needs tarsstat).</param>
/// <param name="BaseImageId">When set, the instances switch to this image (<c>t_base_image.id</c>) with the package.</param>
public sealed record RolloutRequest(int PackageId, IReadOnlyList<int> ServerIds, int BatchSize = 1, int BatchPercent = 0, int WaitSeconds = 30,
    string? LogPattern = null, bool FailureGate = false, int? BaseImageId = null);
