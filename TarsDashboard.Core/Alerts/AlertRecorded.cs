using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Alerts;

/// <summary>A firing, recovery or test was written to the alert history; the Alerts page refreshes its history.</summary>
public sealed record AlertRecorded(int RuleId, string State, string Application, string Server) : LiveEvent(TopicName)
{
    public const string TopicName = "alert.recorded";

    public override (Permission Permission, AccessTarget Target) Audience =>
        Application.Length == 0 ? (Permission.ManageGlobalAlerts, AccessTarget.Global) : (Permission.ViewService, AccessTarget.Service(Application, Server));
}
