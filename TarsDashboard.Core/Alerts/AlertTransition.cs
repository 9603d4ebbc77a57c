namespace TarsDashboard.Core.Alerts;

/// <summary>A rule started firing for a target, or stopped (<see cref="Recovered"/>): each is delivered and recorded once.</summary>
public sealed record AlertTransition(AlertRule Rule, AlertTarget Target, bool Recovered, string Message, DateTimeOffset At)
{
    public string State => Recovered ? AlertState.Recovered : AlertState.Fired;
}
