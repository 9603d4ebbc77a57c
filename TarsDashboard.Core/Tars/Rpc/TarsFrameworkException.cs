using TarsDashboard.Core.Tars.Protocol;

namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>The server answered with a framework error (<see cref="ResponsePacket.Ret"/> ≠ 0), e.g. no such function.</summary>
public sealed class TarsFrameworkException(string servant, string function, int ret, string resultDesc)
    : TarsCallException(servant, function,
        $"{servant}.{function}: framework error iRet={ret}: {(resultDesc.Length > 0 ? resultDesc : TarsReturnCode.NameOf(ret))}")
{
    /// <summary>The framework code (<see cref="TarsReturnCode"/>).</summary>
    public int Ret { get; } = ret;

    public string ResultDesc { get; } = resultDesc;
}
