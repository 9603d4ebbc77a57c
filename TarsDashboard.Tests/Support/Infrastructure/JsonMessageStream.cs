using System.Text.Json;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>
/// Reads the progress stream the Engine API answers image create and push with: HTTP 200 followed by
/// JSON messages, where a failure shows up as a message with an "error" field.
/// </summary>
internal static class JsonMessageStream
{
    public static async Task ThrowOnErrorAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{operation} failed with HTTP {(int)response.StatusCode}: {body}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var messages = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(
            stream, topLevelValues: true, cancellationToken: cancellationToken);
        await foreach (var message in messages)
        {
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"{operation} failed: {error}");
            }
        }
    }
}
