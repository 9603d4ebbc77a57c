using System.Globalization;

namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>
/// One Tars endpoint, as written in locators and <c>t_adapter_conf.endpoint</c>: <c>tcp -h host -p port [-t timeout]</c>.
/// Only TCP is spoken; other options (<c>-e</c>, <c>-g</c>, <c>-q</c>, …) are accepted and ignored.
/// </summary>
public sealed record TarsEndpoint
{
    public TarsEndpoint(string host, int port, int timeoutMs = 0)
    {
        if (string.IsNullOrWhiteSpace(host) || host.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("An endpoint needs a host without spaces.", nameof(host));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegative(timeoutMs);
        Host = host;
        Port = port;
        TimeoutMs = timeoutMs;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The <c>-t</c> value: the server's idle timeout for the connection, in ms (0 when not given).</summary>
    public int TimeoutMs { get; }

    /// <summary>Parses <c>tcp -h 10.0.0.5 -p 17890 -t 60000</c>; throws <see cref="FormatException"/> with the reason.</summary>
    public static TarsEndpoint Parse(string text) =>
        TryParse(text, out var endpoint, out var error) ? endpoint : throw new FormatException(error);

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TarsEndpoint? endpoint, out string error)
    {
        endpoint = null;
        var tokens = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            error = "An endpoint is empty; expected 'tcp -h <host> -p <port>'.";
            return false;
        }

        if (!tokens[0].Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}': only tcp endpoints are supported, not '{tokens[0]}'.";
            return false;
        }

        string? host = null;
        int? port = null;
        var timeout = 0;
        for (var i = 1; i < tokens.Length; i++)
        {
            var option = tokens[i];
            if (!option.StartsWith('-') || option.Length < 2)
            {
                error = $"'{text}': '{option}' is not an option (expected -h, -p, -t, …).";
                return false;
            }

            // Every Tars endpoint option takes a value; a flag followed by another flag has none.
            var value = i + 1 < tokens.Length && !tokens[i + 1].StartsWith('-') ? tokens[++i] : null;
            switch (option)
            {
                case "-h":
                    host = value;
                    break;
                case "-p":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                    {
                        error = $"'{text}': the port must be 1-65535.";
                        return false;
                    }

                    port = p;
                    break;
                case "-t":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timeout))
                    {
                        error = $"'{text}': the timeout (-t) must be a number of milliseconds.";
                        return false;
                    }

                    break;
            }
        }

        if (string.IsNullOrEmpty(host) || port is null)
        {
            error = $"'{text}': an endpoint needs both -h <host> and -p <port>.";
            return false;
        }

        endpoint = new TarsEndpoint(host, port.Value, timeout);
        error = "";
        return true;
    }

    public override string ToString() =>
        TimeoutMs > 0 ? $"tcp -h {Host} -p {Port} -t {TimeoutMs}" : $"tcp -h {Host} -p {Port}";
}
