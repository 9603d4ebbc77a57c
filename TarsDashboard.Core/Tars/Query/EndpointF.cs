using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Core.Tars.Query;

/// <summary>One endpoint of a servant as the registry reports it (servant/EndpointF.tars <c>EndpointF</c>).</summary>
public sealed record EndpointF : ITarsStruct<EndpointF>
{
    /// <summary>Tag 0, required.</summary>
    public string Host { get; init; } = "";

    /// <summary>Tag 1, required.</summary>
    public int Port { get; init; }

    /// <summary>Tag 2, required: the adapter's timeout in ms.</summary>
    public int Timeout { get; init; }

    /// <summary>Tag 3, required: 1 tcp, 0 udp (2 ssl in newer frameworks).</summary>
    public int IsTcp { get; init; }

    /// <summary>Tag 4, required.</summary>
    public int Grid { get; init; }

    public int GroupWorkId { get; init; }

    public int GroupRealId { get; init; }

    public string SetId { get; init; } = "";

    public int Qos { get; init; }

    public int BakFlag { get; init; }

    /// <summary>Tag 11 (tag 10 is unused in the IDL).</summary>
    public int Weight { get; init; }

    public int WeightType { get; init; }

    public int AuthType { get; init; }

    public string NodeName { get; init; } = "";

    /// <summary>The endpoint to call, or null when it is not plain TCP (udp, ssl) or has no usable port.</summary>
    public TarsEndpoint? ToTcpEndpoint() =>
        IsTcp == 1 && Port is > 0 and <= 65535 && !string.IsNullOrWhiteSpace(Host) && !Host.Any(char.IsWhiteSpace)
            ? new TarsEndpoint(Host, Port, Math.Max(0, Timeout))
            : null;

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteString(0, Host);
        writer.WriteInt(1, Port);
        writer.WriteInt(2, Timeout);
        writer.WriteInt(3, IsTcp);
        writer.WriteInt(4, Grid);
        writer.WriteOptionalInt(5, GroupWorkId);
        writer.WriteOptionalInt(6, GroupRealId);
        writer.WriteOptionalString(7, SetId);
        writer.WriteOptionalInt(8, Qos);
        writer.WriteOptionalInt(9, BakFlag);
        writer.WriteOptionalInt(11, Weight);
        writer.WriteOptionalInt(12, WeightType);
        writer.WriteOptionalInt(13, AuthType);
        writer.WriteOptionalString(14, NodeName);
    }

    public static EndpointF ReadFrom(TarsReader reader) => new()
    {
        Host = reader.ReadString(0, required: true),
        Port = reader.ReadInt(1, required: true),
        Timeout = reader.ReadInt(2, required: true),
        IsTcp = reader.ReadInt(3, required: true),
        Grid = reader.ReadInt(4, required: true),
        GroupWorkId = reader.ReadInt(5, required: false),
        GroupRealId = reader.ReadInt(6, required: false),
        SetId = reader.ReadString(7, required: false),
        Qos = reader.ReadInt(8, required: false),
        BakFlag = reader.ReadInt(9, required: false),
        Weight = reader.ReadInt(11, required: false),
        WeightType = reader.ReadInt(12, required: false),
        AuthType = reader.ReadInt(13, required: false),
        NodeName = reader.ReadString(14, required: false),
    };
}
