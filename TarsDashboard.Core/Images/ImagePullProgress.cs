using TarsDashboard.Core.Live;

namespace TarsDashboard.Core.Images;

/// <summary>A node's pull of an image moved on: its start and end, each layer appearing or finishing, bytes at most every 100 ms.</summary>
public sealed record ImagePullProgress(string Image, NodePullState State) : LiveEvent(TopicName)
{
    public const string TopicName = "image.pull";
}
