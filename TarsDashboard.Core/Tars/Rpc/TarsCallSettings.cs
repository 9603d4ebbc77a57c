using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Tars.Protocol;

namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>Limits of the Tars client: how long a call and a connect may take, how big a reply may be.</summary>
public sealed record TarsCallSettings
{
    /// <summary>A call's whole budget (connect, send, reply) unless the caller gives its own.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one endpoint may take to accept before the next one is tried (capped by the call's budget).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A reply announcing more bytes than this is refused before it is read, and its connection closed.</summary>
    public int MaxPacketBytes { get; init; } = TarsFraming.DefaultMaxPacketBytes;

    /// <summary>How long an endpoint that refused a connection is tried after the others.</summary>
    public TimeSpan UnreachableBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public static TarsCallSettings From(FrameworkOptions options) => new()
    {
        DefaultTimeout = TimeSpan.FromSeconds(options.CallTimeoutSeconds),
    };
}
