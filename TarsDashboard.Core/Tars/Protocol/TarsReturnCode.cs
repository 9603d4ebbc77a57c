namespace TarsDashboard.Core.Tars.Protocol;

/// <summary>The framework result codes a <see cref="ResponsePacket.Ret"/> carries (servant/BaseF.tars).</summary>
public static class TarsReturnCode
{
    public const int Success = 0;
    public const int ServerDecodeError = -1;
    public const int ServerEncodeError = -2;

    /// <summary>TARSSERVERNOFUNCERR: the servant has no such function.</summary>
    public const int NoSuchFunction = -3;

    /// <summary>TARSSERVERNOSERVANTERR: the server has no such servant.</summary>
    public const int NoSuchServant = -4;

    public const int ServerResetGrid = -5;
    public const int ServerQueueTimeout = -6;
    public const int InvokeTimeout = -7;
    public const int ProxyConnectError = -8;
    public const int ServerOverload = -9;
    public const int AdapterNull = -10;
    public const int InvokeByInvalidSet = -11;
    public const int ClientDecodeError = -12;
    public const int SendRequestError = -13;
    public const int ServerUnknownError = -99;

    /// <summary>The BaseF.tars name of a code, for messages.</summary>
    public static string NameOf(int code) => code switch
    {
        Success => "TARSSERVERSUCCESS",
        ServerDecodeError => "TARSSERVERDECODEERR",
        ServerEncodeError => "TARSSERVERENCODEERR",
        NoSuchFunction => "TARSSERVERNOFUNCERR",
        NoSuchServant => "TARSSERVERNOSERVANTERR",
        ServerResetGrid => "TARSSERVERRESETGRID",
        ServerQueueTimeout => "TARSSERVERQUEUETIMEOUT",
        InvokeTimeout => "TARSINVOKETIMEOUT",
        ProxyConnectError => "TARSPROXYCONNECTERR",
        ServerOverload => "TARSSERVEROVERLOAD",
        AdapterNull => "TARSADAPTERNULL",
        InvokeByInvalidSet => "TARSINVOKEBYINVALIDESET",
        ClientDecodeError => "TARSCLIENTDECODEERR",
        SendRequestError => "TARSSENDREQUESTERR",
        ServerUnknownError => "TARSSERVERUNKNOWNERR",
        _ => "unknown",
    };
}
