using System.Text.RegularExpressions;

namespace TarsDashboard.Core.Images;

/// <summary>Registry addresses as <c>host[:port]</c>, lowercase, with Docker Hub's aliases folded into <c>docker.io</c>.</summary>
public static partial class RegistryAddress
{
    private static readonly string[] DockerHubAliases = ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"];

    /// <summary>
    /// The host[:port] of what an admin typed, or of a legacy Tars row (which may carry a scheme or a path such as
    /// <c>https://index.docker.io/v1/</c>); null when it is not a registry address.
    /// </summary>
    public static string? TryNormalize(string? text)
    {
        var value = text?.Trim() ?? "";
        foreach (var scheme in new[] { "https://", "http://" })
        {
            if (value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                value = value[scheme.Length..];
            }
        }

        var slash = value.IndexOf('/');
        if (slash >= 0)
        {
            // Only an API version path may follow the host (legacy rows); anything else is a namespace, not a registry.
            var rest = value[slash..].TrimEnd('/');
            if (rest is not ("" or "/v1" or "/v2"))
            {
                return null;
            }

            value = value[..slash];
        }

        if (value.Length is 0 or > 255 || !HostAndPort().IsMatch(value))
        {
            return null;
        }

        var colon = value.LastIndexOf(':');
        if (colon > value.LastIndexOf(']') && (!int.TryParse(value[(colon + 1)..], out var port) || port is < 1 or > 65535))
        {
            return null;
        }

        value = value.ToLowerInvariant();
        return DockerHubAliases.Contains(value) ? ImageReference.DockerHub : value;
    }

    /// <summary>What the engine's <c>/auth</c> and X-Registry-Auth expect as <c>serveraddress</c>.</summary>
    public static string ServerAddress(string normalized) =>
        normalized == ImageReference.DockerHub ? "https://index.docker.io/v1/" : normalized;

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")]
    private static partial Regex HostAndPort();
}
