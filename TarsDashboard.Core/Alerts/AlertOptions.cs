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

    public bool IsValid() => DeliveryTimeoutSeconds is > 0 and <= 300 && DeliveryAttempts is >= 1 and <= 10 && RetryDelaySeconds is >= 0 and <= 60
                             && HistoryDays is >= 1 and <= 3650;
}
