using TarsDashboard.Core.Data.Tars;

namespace TarsDashboard.Core.Services;

/// <summary>
/// A servant endpoint of a service instance as a form: the obj name (servant <c>App.Server.&lt;ObjName&gt;</c>, adapter
/// <c>App.Server.&lt;ObjName&gt;Adapter</c>), the endpoint parts, and the adapter's limits. Defaults are Tars' deploy defaults.
/// </summary>
public sealed class AdapterInput
{
    /// <summary>The last part of the servant, e.g. <c>HelloObj</c>.</summary>
    public string ObjName { get; set; } = "";

    /// <summary><c>tcp</c> or <c>udp</c>.</summary>
    public string Transport { get; set; } = "tcp";

    /// <summary>The address the servant listens on: an IP, or a stable host name (Kubernetes headless services).</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; }

    public int TimeoutMs { get; set; } = EndpointText.DefaultTimeoutMs;

    /// <summary>Authentication (<c>-e 1</c>).</summary>
    public bool Auth { get; set; }

    public int ThreadNum { get; set; } = 5;

    public int MaxConnections { get; set; } = 100000;

    public int Queuecap { get; set; } = 50000;

    public int Queuetimeout { get; set; } = 20000;

    /// <summary><c>tars</c> or <c>not_tars</c>.</summary>
    public string Protocol { get; set; } = "tars";

    public string AllowIp { get; set; } = "";

    /// <summary>Options of the endpoint this form does not show, kept as they were.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraEndpointOptions { get; set; } = [];

    /// <summary>A new adapter of <paramref name="server"/>: listening on its node's name, port to be chosen.</summary>
    public static AdapterInput ForNew(ServerConfRow server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new AdapterInput { Host = server.NodeName };
    }

    /// <summary>The form for an existing row (a servant of another service keeps its full name as the obj name).</summary>
    public static AdapterInput From(AdapterConfRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var prefix = $"{row.Application}.{row.ServerName}.";
        var endpoint = EndpointText.TryParse(row.Endpoint);
        return new AdapterInput
        {
            ObjName = row.Servant.StartsWith(prefix, StringComparison.Ordinal) ? row.Servant[prefix.Length..] : row.Servant,
            Transport = endpoint?.Transport ?? "tcp",
            Host = endpoint?.Host ?? "",
            Port = endpoint?.Port ?? 0,
            TimeoutMs = endpoint?.TimeoutMs ?? EndpointText.DefaultTimeoutMs,
            Auth = endpoint?.Auth == 1,
            ExtraEndpointOptions = endpoint?.Extra ?? [],
            ThreadNum = row.ThreadNum,
            MaxConnections = row.MaxConnections,
            Queuecap = row.Queuecap ?? 50000,
            Queuetimeout = row.Queuetimeout ?? 20000,
            Protocol = row.Protocol,
            AllowIp = row.AllowIp,
        };
    }

    public EndpointText ToEndpoint() =>
        new(Transport.Trim().ToLowerInvariant(), Host.Trim(), Port, TimeoutMs, Auth ? 1 : 0) { Extra = ExtraEndpointOptions };

    public AdapterInput Copy() => (AdapterInput)MemberwiseClone();
}
