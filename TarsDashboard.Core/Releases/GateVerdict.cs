namespace TarsDashboard.Core.Releases;

/// <summary>What a health gate found for one instance or one batch.</summary>
/// <param name="Reason">Why it failed, or what it checked when it passed; shown per node and written to the release.</param>
public sealed record GateVerdict(bool Passed, string Reason)
{
    public static GateVerdict Pass(string reason) => new(true, reason);

    public static GateVerdict Fail(string reason) => new(false, reason);
}
