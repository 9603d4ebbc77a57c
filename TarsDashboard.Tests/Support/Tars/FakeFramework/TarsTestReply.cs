using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>What a <see cref="TarsTestServer"/> handler answers: a result buffer, a framework error, or nothing at all.</summary>
public sealed record TarsTestReply
{
    /// <summary>The reply's iRet (a <c>TarsReturnCode</c>); 0 for a normal answer.</summary>
    public int Ret { get; init; }

    public string ResultDesc { get; init; } = "";

    /// <summary>The return value at tag 0 and the out parameters at their parameter tags.</summary>
    public byte[] Buffer { get; init; } = [];

    /// <summary>No reply is written (for timeouts).</summary>
    public bool Silent { get; init; }

    /// <summary>No reply, ever.</summary>
    public static TarsTestReply NoReply { get; } = new() { Silent = true };

    /// <summary>A normal answer; <paramref name="writeResult"/> writes the return value (tag 0) and out parameters.</summary>
    public static TarsTestReply Returning(Action<TarsWriter> writeResult)
    {
        var writer = new TarsWriter();
        writeResult(writer);
        return new TarsTestReply { Buffer = writer.ToArray() };
    }

    /// <summary>A framework error (iRet ≠ 0) with an empty buffer, as TarsCpp sends for a servant exception.</summary>
    public static TarsTestReply FrameworkError(int ret, string resultDesc = "") => new() { Ret = ret, ResultDesc = resultDesc };
}
