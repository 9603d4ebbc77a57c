using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Images;

/// <summary>Turns what an engine call threw into one line a person can act on.</summary>
internal static class EngineError
{
    public static string Describe(Exception exception, TimeSpan timeout)
    {
        if (exception is DockerApiException api)
        {
            return MessageOf(api);
        }

        var reason = EngineProbe.Describe(exception, timeout);
        return IsConnectionLoss(exception) ? $"Engine unreachable: {reason}" : reason;
    }

    /// <summary>The engine's own <c>message</c> from an error body, else the body itself.</summary>
    public static string MessageOf(DockerApiException exception)
    {
        var body = exception.ResponseBody?.Trim() ?? "";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not JSON: show the body as it came.
        }

        return body.Length > 0 ? body : $"The engine answered {(int)exception.StatusCode}.";
    }

    /// <summary>True when the engine itself could not be reached or dropped the connection (as opposed to refusing the request).</summary>
    public static bool IsConnectionLoss(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException or HttpRequestException or IOException)
            {
                return true;
            }
        }

        return false;
    }
}
