namespace TarsDashboard.Core.Logs;

/// <summary>How a <see cref="DockerFrameLineAssembler"/> reads one source's stream.</summary>
public sealed record LineAssemblerOptions
{
    /// <summary>Framing of the endpoint; use <see cref="DockerStreamMode.Auto"/> when the container's TTY flag is unknown.</summary>
    public DockerStreamMode Mode { get; init; } = DockerStreamMode.Multiplexed;

    /// <summary>The request asked Docker for <c>timestamps=true</c>: each message starts with an RFC3339Nano stamp and a space.</summary>
    public bool Timestamps { get; init; }

    /// <summary>Longer lines keep their first bytes and are flagged truncated, so a process that never writes '\n' cannot exhaust memory.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>Sequence of the first line; a reconnecting reader continues from the ring buffer's next sequence.</summary>
    public long FirstSequence { get; init; } = 1;

    /// <summary>The zone of stamps without one found at the start of a line (Tars writes the node's local time); see <see cref="NodeTimeZone"/>.</summary>
    public TimeZoneInfo LocalTimeZone { get; init; } = TimeZoneInfo.Utc;
}
