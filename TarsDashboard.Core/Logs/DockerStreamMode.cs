namespace TarsDashboard.Core.Logs;

/// <summary>How the Docker logs/attach endpoint frames its output.</summary>
public enum DockerStreamMode
{
    /// <summary>Non-TTY containers: 8-byte headers (stream type, 0, 0, 0, big-endian length) before each payload.</summary>
    Multiplexed,

    /// <summary>TTY containers: plain bytes, one stream, no headers.</summary>
    Raw,

    /// <summary>Decide from the first four bytes; a TTY stream never starts with a type byte and three zeros.</summary>
    Auto,
}
