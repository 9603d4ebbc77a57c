namespace TarsDashboard.Core.Alerts;

/// <summary>How a webhook delivery ended.</summary>
/// <param name="Attempts">How many requests were sent (retries included).</param>
/// <param name="Detail">The last status code or error, for the history.</param>
public sealed record AlertDelivery(bool Delivered, int Attempts, string Detail)
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    public string Result => Delivered ? Ok : Failed;
}
