namespace TarsDashboard.Core.Images;

/// <summary>The progress of one image's pull on one node, as the last progress message left it.</summary>
/// <param name="Percent">0-100: per layer, download counts for 80 % and extraction for 20 %.</param>
/// <param name="ImageId">The image id on the node, once pulled.</param>
/// <param name="Error">Why it failed, in words a person can act on.</param>
public sealed record NodePullState(
    int BaseImageId,
    string NodeName,
    PullPhase Phase,
    double Percent,
    int LayersDone,
    int LayersTotal,
    long BytesDone,
    long BytesTotal,
    string? ImageId,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt);
