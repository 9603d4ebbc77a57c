using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TarsDashboard.Core.Alerts;

/// <summary>
/// Posts a notice to a webhook: a timeout per request, retries with doubling delays on network errors, timeouts, 408,
/// 429 and 5xx; other answers are final. The URL is never logged (it may hold a token).
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory httpClients, IOptions<AlertOptions> options, ILogger<WebhookSender> logger, TimeProvider clock)
{
    public const string ClientName = "alerts.webhook";

    public async Task<AlertDelivery> SendAsync(string url, WebhookKind kind, AlertNotice notice, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var body = WebhookPayload.Build(kind, notice);
        var client = httpClients.CreateClient(ClientName);
        var detail = "";
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.DeliveryTimeoutSeconds));
            var retry = true;
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri(url), content, timeout.Token);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new AlertDelivery(true, attempt, $"HTTP {status}");
                }

                detail = $"HTTP {status}";
                retry = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                detail = $"no answer within {settings.DeliveryTimeoutSeconds} s";
            }
            catch (HttpRequestException exception)
            {
                detail = exception.HttpRequestError.ToString();
            }

            if (!retry || attempt >= settings.DeliveryAttempts)
            {
                logger.LogWarning("Alert webhook for rule {Rule} not delivered after {Attempts} attempt(s): {Detail}", notice.RuleName, attempt, detail);
                return new AlertDelivery(false, attempt, detail);
            }

            await Task.Delay(TimeSpan.FromSeconds(settings.RetryDelaySeconds * Math.Pow(2, attempt - 1)), clock, cancellationToken);
        }
    }
}
