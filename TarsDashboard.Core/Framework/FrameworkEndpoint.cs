using System.Globalization;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Framework;

/// <summary>Where one framework servant listens, as a locator names it: <c>tcp -h 10.0.0.5 -p 17890</c>.</summary>
public sealed record FrameworkEndpoint(string Transport, string Host, int Port)
{
    /// <summary>
    /// Reads a <c>t_adapter_conf.endpoint</c> (<c>tcp -h 10.0.0.5 -t 60000 -p 17890</c>); without <c>-p</c> the
    /// servant's usual port is taken. Null when there is no transport or host.
    /// </summary>
    public static FrameworkEndpoint? TryParse(string? text, int defaultPort)
    {
        var parsed = EndpointText.TryParse(text)
                     ?? EndpointText.TryParse(text + " -p " + defaultPort.ToString(CultureInfo.InvariantCulture));
        return parsed is null || parsed.Port is <= 0 or > 65535 ? null : new FrameworkEndpoint(parsed.Transport, parsed.Host, parsed.Port);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Transport} -h {Host} -p {Port}");

    /// <summary><c>Servant@ep1:ep2</c>, the form Tars clients and <c>${locator}</c> take.</summary>
    public static string Proxy(string servant, IEnumerable<FrameworkEndpoint> endpoints) => servant + "@" + string.Join(":", endpoints);
}
