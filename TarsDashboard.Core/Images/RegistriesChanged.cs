using TarsDashboard.Core.Live;

namespace TarsDashboard.Core.Images;

/// <summary>A registry was added, edited or deleted.</summary>
public sealed record RegistriesChanged(int RegistryId, string Change) : LiveEvent(TopicName)
{
    public const string TopicName = "registry.changed";
}
