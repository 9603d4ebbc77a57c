using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Protocol;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>A request <see cref="TarsTestServer"/> received, as its handler sees it.</summary>
public sealed record TarsTestCall(RequestPacket Request)
{
    public string Servant => Request.ServantName;

    public string Function => Request.FuncName;

    /// <summary>A fresh reader over the encoded arguments (parameter i at tag i).</summary>
    public TarsReader ReadArguments() => new(Request.Buffer);
}
