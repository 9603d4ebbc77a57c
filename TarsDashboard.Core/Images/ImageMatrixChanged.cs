using TarsDashboard.Core.Live;

namespace TarsDashboard.Core.Images;

/// <summary>What nodes hold of an image changed (a sync ended, an image was removed from a node): reload the matrix.</summary>
/// <param name="NodeName">The one node concerned, or null for several.</param>
public sealed record ImageMatrixChanged(int ImageId, string? NodeName) : LiveEvent(TopicName)
{
    public const string TopicName = "image.matrix";
}
