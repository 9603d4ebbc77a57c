using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Audit;

/// <summary>A new audit row, so the Audit page updates live.</summary>
public sealed record AuditRecorded(string UserName, string Action, string Target, string Result) : LiveEvent(TopicName)
{
    public const string TopicName = "audit.recorded";

    public override (Permission Permission, AccessTarget Target) Audience => (Permission.ViewAudit, AccessTarget.Global);
}
