namespace TarsDashboard.Core.Alerts;

/// <summary>What one webhook call says; the payload builders shape it for each receiver.</summary>
public sealed record AlertNotice(string RuleName, AlertKind Kind, string State, string Target, string Text, DateTimeOffset At)
{
    public static AlertNotice From(AlertTransition transition) =>
        new(transition.Rule.Name, transition.Rule.Kind, transition.State, transition.Target.ToString(), transition.Message, transition.At);
}
