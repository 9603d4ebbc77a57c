namespace TarsDashboard.Core.Logs;

/// <summary>Where a viewer starts: after a line it already has, from a time, or with the last lines.</summary>
public sealed record LogFollowOptions
{
    /// <summary>History shown first when neither <see cref="AfterSequence"/> nor <see cref="Since"/> is given.</summary>
    public int TailLines { get; init; } = 1_000;

    /// <summary>Start at the first retained line stamped at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Resume: only lines numbered after this (the last <see cref="LogLine.Sequence"/> the viewer has), across
    /// reconnects and, for container logs, across a dashboard restart.</summary>
    public long? AfterSequence { get; init; }
}
