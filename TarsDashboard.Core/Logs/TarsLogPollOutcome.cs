namespace TarsDashboard.Core.Logs;

/// <summary>What a poll of a Tars log file did.</summary>
internal enum TarsLogPollOutcome
{
    /// <summary>The first window or new bytes were read.</summary>
    Read,

    /// <summary>The file has not grown.</summary>
    Unchanged,

    /// <summary>The file got shorter (truncated or rolled over); the next poll reads it from its start.</summary>
    Restarted,

    /// <summary>getLogData answered a code other than 0 (-1: tarsnode finds no such file).</summary>
    Refused,
}
