using System.Globalization;
using System.Text;

namespace TarsDashboard.Core.Services;

/// <summary>
/// A Tars endpoint string as <c>t_adapter_conf.endpoint</c> holds it: <c>tcp -h 10.0.0.7 -t 60000 -p 12000 -e 0</c>
/// (transport, host, timeout in ms, port, and <c>-e 1</c> for authentication).
/// </summary>
/// <remarks>
/// Options may come in any order, as Tars reads them; options other than -h -p -t -e (for example -g, -q) are kept in
/// <see cref="Extra"/> and written back after the known ones, so an edit never drops what another tool wrote.
/// </remarks>
public sealed record EndpointText(string Transport, string Host, int Port, int TimeoutMs = EndpointText.DefaultTimeoutMs, int Auth = 0)
{
    public const int DefaultTimeoutMs = 60000;

    /// <summary>Options this type does not interpret, as (flag, value) in text order; the value may be empty.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; init; } = [];

    /// <summary>Reads an endpoint; null when it has no transport word, no -h, no -p, or a number that is not one.</summary>
    public static EndpointText? TryParse(string? text)
    {
        var tokens = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0 || tokens[0].StartsWith('-') || !tokens[0].All(char.IsAsciiLetter))
        {
            return null;
        }

        string? host = null;
        int? port = null;
        var timeout = DefaultTimeoutMs;
        var auth = 0;
        var extra = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < tokens.Length; i++)
        {
            var flag = tokens[i];
            if (!flag.StartsWith('-') || flag.Length < 2)
            {
                return null;
            }

            var value = i + 1 < tokens.Length && !IsFlag(tokens[i + 1]) ? tokens[++i] : "";
            switch (flag)
            {
                case "-h":
                    host = value;
                    break;
                case "-p":
                    if (!TryNumber(value, out var p))
                    {
                        return null;
                    }

                    port = p;
                    break;
                case "-t":
                    if (!TryNumber(value, out timeout))
                    {
                        return null;
                    }

                    break;
                case "-e":
                    if (!TryNumber(value, out auth))
                    {
                        return null;
                    }

                    break;
                default:
                    extra.Add(new(flag, value));
                    break;
            }
        }

        return string.IsNullOrEmpty(host) || port is null
            ? null
            : new EndpointText(tokens[0].ToLowerInvariant(), host, port.Value, timeout, auth) { Extra = extra };
    }

    /// <summary>Reads an endpoint or throws <see cref="FormatException"/>.</summary>
    public static EndpointText Parse(string text) =>
        TryParse(text) ?? throw new FormatException($"'{text}' is not a Tars endpoint like 'tcp -h 10.0.0.7 -t 60000 -p 12000 -e 0'.");

    /// <summary>The endpoint in the order Tars writes it: transport, -h, -t, -p, -e, then any other options.</summary>
    public override string ToString()
    {
        var text = new StringBuilder()
            .Append(Transport).Append(" -h ").Append(Host)
            .Append(" -t ").Append(TimeoutMs.ToString(CultureInfo.InvariantCulture))
            .Append(" -p ").Append(Port.ToString(CultureInfo.InvariantCulture))
            .Append(" -e ").Append(Auth.ToString(CultureInfo.InvariantCulture));
        foreach (var (flag, value) in Extra)
        {
            text.Append(' ').Append(flag);
            if (value.Length > 0)
            {
                text.Append(' ').Append(value);
            }
        }

        return text.ToString();
    }

    public bool Equals(EndpointText? other) =>
        other is not null && Transport == other.Transport && Host == other.Host && Port == other.Port
        && TimeoutMs == other.TimeoutMs && Auth == other.Auth && Extra.SequenceEqual(other.Extra);

    public override int GetHashCode() => HashCode.Combine(Transport, Host, Port, TimeoutMs, Auth);

    // A negative number is a value, not a flag ("-t -1" is odd but it is a timeout).
    private static bool IsFlag(string token) => token.Length >= 2 && token[0] == '-' && !char.IsAsciiDigit(token[1]);

    private static bool TryNumber(string text, out int number) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
}
