using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Releases;

/// <summary>A release or one of its instances moved on; the service page's releases view updates.</summary>
/// <param name="NodeName">The instance's node, or null when the release as a whole changed state.</param>
public sealed record ReleaseProgress(int ReleaseId, string Application, string ServerName, string ReleaseState, string? NodeName, string? NodeState,
    string Detail) : LiveEvent(TopicName)
{
    public const string TopicName = "release.progress";

    public override (Permission Permission, AccessTarget Target) Audience =>
        (Permission.ViewService, AccessTarget.Service(Application, ServerName));
}
