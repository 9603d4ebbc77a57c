using System.Net;
using System.Text.RegularExpressions;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Nodes;

/// <summary>A parsed, validated Docker engine address.</summary>
public sealed partial record EngineEndpoint(Uri Uri)
{
    public bool IsUnixSocket => Uri.Scheme == "unix";

    /// <summary>The host part for t_node_info.endpoint_ip: the TCP host, or loopback for a local socket.</summary>
    public string Host => IsUnixSocket ? "127.0.0.1" : Uri.Host;

    public override string ToString() => IsUnixSocket ? "unix://" + Uri.AbsolutePath : $"tcp://{Uri.Authority}";

    /// <summary>Parses what an admin typed; returns null and an error (field <c>Endpoint</c>) when it is not an engine address.</summary>
    public static EngineEndpoint? TryParse(string? text, out FieldError? error)
    {
        error = null;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = new FieldError(nameof(NodeInput.Endpoint), "Validation.Required", "Enter the Docker engine endpoint.");
            return null;
        }

        if (value.Length > 255)
        {
            error = new FieldError(nameof(NodeInput.Endpoint), "Validation.TooLong", "At most 255 characters.", 255);
            return null;
        }

        if (value.StartsWith('/'))
        {
            value = "unix://" + value;
        }
        else if (!value.Contains("://", StringComparison.Ordinal))
        {
            value = "tcp://" + value;
        }

        if (value.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["unix://".Length..];
            if (!path.StartsWith('/') || path.Split('/').Contains("..") || !SafePath().IsMatch(path))
            {
                error = Malformed();
                return null;
            }

            return new EngineEndpoint(new Uri("unix://" + path));
        }

        if (value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && uri.AbsolutePath is "/" or ""
            && string.IsNullOrEmpty(uri.Query)
            && string.IsNullOrEmpty(uri.UserInfo)
            && (uri.HostNameType is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6)
            && value.LastIndexOf(':') > "tcp://".Length
            && uri.Port is > 0 and <= 65535
            && (uri.HostNameType != UriHostNameType.Dns || HostName().IsMatch(uri.Host) || IPAddress.TryParse(uri.Host, out _)))
        {
            return new EngineEndpoint(new Uri($"tcp://{uri.Authority}"));
        }

        error = Malformed();
        return null;
    }

    private static FieldError Malformed() => new(nameof(NodeInput.Endpoint), "Node.Endpoint.Malformed",
        "Use unix:///path/to/docker.sock or tcp://host:port (port 1-65535).");

    [GeneratedRegex(@"^[A-Za-z0-9._/\-]+$")]
    private static partial Regex SafePath();

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();
}
