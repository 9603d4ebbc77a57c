namespace TarsDashboard.Core.Logs;

/// <summary>One source while it is watched: its buffer, its pump (none for journals), and who watches it.</summary>
internal sealed class RunningLogSource(LogSourceId id, LogSourceWriter writer, LogPump? pump)
{
    public LogSourceId Id { get; } = id;

    public LogSourceWriter Writer { get; } = writer;

    public LogRingBuffer Buffer => Writer.Buffer;

    public LogPump? Pump { get; } = pump;

    public CancellationTokenSource Stopping { get; } = new();

    public Task Running { get; set; } = Task.CompletedTask;

    /// <summary>Viewers holding it; guarded by the manager's lock.</summary>
    public int Viewers { get; set; }

    /// <summary>Cancels the delayed stop scheduled when the last viewer left; guarded by the manager's lock.</summary>
    public CancellationTokenSource? Linger { get; set; }

    public Task HistoryRead => Pump?.HistoryRead ?? Task.CompletedTask;
}
