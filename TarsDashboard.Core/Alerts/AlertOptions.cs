namespace TarsDashboard.Core.Alerts;

/// <summary>Settings under <c>Alerts</c>: how webhooks are called.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>How long one webhook request may take.</summary>
    public int DeliveryTimeoutSeconds { get; set; } = 10;

    /// <summary>Requests per notice, the first included; later ones wait 1 s, 2 s, 4 s… (doubling from RetryDelaySeconds).</summary>
    public int DeliveryAttempts { get; set; } = 3;

    public double RetryDelaySeconds { get; set; } = 1;

    /// <summary>How long alert history is kept; older entries are pruned about hourly.</summary>
    public int HistoryDays { get; set; } = 90;

    /// <summary>How often time-based rules (restart loops, log patterns) are looked at again for recovery.</summary>
    public double EvaluateSeconds { get; set; } = 15;

    /// <summary>
    /// How many seconds one minute of a rule's window lasts. Always 60 in use; tests shorten it to see a window pass.
    /// </summary>
    public double MinuteSeconds { get; set; } = 60;

    /// <summary>A log pattern rule watching a container that just started reads its output from this long before the start event.</summary>
    public double LogStartMarginSeconds { get; set; } = 5;

    public bool IsValid() => DeliveryTimeoutSeconds is > 0 and <= 300 && DeliveryAttempts is >= 1 and <= 10 && RetryDelaySeconds is >= 0 and <= 60
                             && HistoryDays is >= 1 and <= 3650
                             && EvaluateSeconds is > 0 and <= 300 && MinuteSeconds is > 0 and <= 60 && LogStartMarginSeconds is >= 0 and <= 300;
}
