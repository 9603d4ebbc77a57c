using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Alerts;

/// <summary>A rule was added, edited or deleted: the monitor reloads its rules, open Alerts pages their list.</summary>
/// <param name="Change"><c>added</c>, <c>updated</c> or <c>deleted</c>.</param>
public sealed record AlertRulesChanged(int RuleId, string Change) : LiveEvent(TopicName)
{
    public const string TopicName = "alert.rules";
}
