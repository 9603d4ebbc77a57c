namespace TarsDashboard.Core.Tars.Protocol;

/// <summary>Packet version and kind constants of servant/BaseF.tars.</summary>
public static class TarsProtocolVersion
{
    /// <summary>TARSVERSION: plain Tars packets (the only version this client speaks).</summary>
    public const short Tars = 1;

    /// <summary>TARSNORMAL: a call that expects a reply.</summary>
    public const sbyte NormalPacket = 0;

    /// <summary>TARSONEWAY: a call with no reply.</summary>
    public const sbyte OnewayPacket = 1;
}
