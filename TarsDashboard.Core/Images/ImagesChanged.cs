using TarsDashboard.Core.Live;

namespace TarsDashboard.Core.Images;

/// <summary>An image was added, edited or deleted.</summary>
public sealed record ImagesChanged(int ImageId, string Change) : LiveEvent(TopicName)
{
    public const string TopicName = "image.changed";
}
