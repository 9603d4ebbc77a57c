namespace TarsDashboard.Core.Images;

/// <summary>How one node's pull ended.</summary>
public sealed record NodePullResult(string NodeName, bool Succeeded, string? ImageId, string? Error, TimeSpan Elapsed);
