namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>
/// A servant and where it listens: <c>tars.tarsregistry.QueryObj@tcp -h 10.0.0.5 -p 17890:tcp -h 10.0.0.6 -p 17890</c>.
/// Endpoints are separated by ':' as in Tars, so IPv6 literals cannot be written here (Tars has the same limit).
/// </summary>
public sealed class TarsObjectRef
{
    public TarsObjectRef(string servant, IEnumerable<TarsEndpoint> endpoints)
    {
        if (string.IsNullOrWhiteSpace(servant) || servant.Any(char.IsWhiteSpace) || servant.Contains('@'))
        {
            throw new ArgumentException("A servant name is one word such as tars.tarsregistry.QueryObj.", nameof(servant));
        }

        Servant = servant;
        Endpoints = endpoints.ToArray();
        if (Endpoints.Count == 0)
        {
            throw new ArgumentException($"{servant} needs at least one endpoint.", nameof(endpoints));
        }
    }

    public TarsObjectRef(string servant, TarsEndpoint endpoint) : this(servant, [endpoint])
    {
    }

    /// <summary>The servant (object) name, e.g. <c>tars.tarsAdminRegistry.AdminRegObj</c>.</summary>
    public string Servant { get; }

    /// <summary>Where the servant can be called; tried in order, unreachable ones last.</summary>
    public IReadOnlyList<TarsEndpoint> Endpoints { get; }

    /// <summary>Parses <c>Servant@tcp -h … -p …[:tcp -h … -p …]</c>; throws <see cref="FormatException"/> with the reason.</summary>
    public static TarsObjectRef Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new FormatException(error);

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TarsObjectRef? reference, out string error)
    {
        reference = null;
        var at = (text ?? "").IndexOf('@');
        if (at <= 0)
        {
            error = $"'{text}' is not an object reference: expected 'Servant@tcp -h <host> -p <port>'.";
            return false;
        }

        var servant = text![..at].Trim();
        if (servant.Length == 0 || servant.Any(char.IsWhiteSpace))
        {
            error = $"'{text}': the servant name before '@' must be one word.";
            return false;
        }

        var endpoints = new List<TarsEndpoint>();
        foreach (var part in text[(at + 1)..].Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TarsEndpoint.TryParse(part, out var endpoint, out error))
            {
                return false;
            }

            endpoints.Add(endpoint);
        }

        if (endpoints.Count == 0)
        {
            error = $"'{text}': no endpoint after '@'.";
            return false;
        }

        reference = new TarsObjectRef(servant, endpoints);
        error = "";
        return true;
    }

    /// <summary>The same endpoints for another servant (e.g. a locator's host for a second registry object).</summary>
    public TarsObjectRef WithServant(string servant) => new(servant, Endpoints);

    public override string ToString() => $"{Servant}@{string.Join(':', Endpoints)}";
}
