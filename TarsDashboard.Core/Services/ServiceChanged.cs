using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Services;

/// <summary>A service instance's settings or adapters were saved; open trees and edit pages refresh or warn.</summary>
/// <param name="Change"><c>updated</c>, <c>adapter.added</c>, <c>adapter.updated</c> or <c>adapter.deleted</c>.</param>
public sealed record ServiceChanged(int Id, string Application, string ServerName, string NodeName, string Change, string ChangedBy)
    : LiveEvent(TopicName)
{
    public const string TopicName = "service.changed";

    public override (Permission Permission, AccessTarget Target) Audience =>
        (Permission.ViewService, AccessTarget.Service(Application, ServerName));
}
