using System.Runtime.CompilerServices;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// A viewer's hold on a log source, from <see cref="LogStreamManager.OpenAsync"/>: follow it from its own cursor and
/// search the retained window. The buffer is shared; a viewer that reads too slowly gets gap markers
/// (<see cref="LogBatch.Missed"/>) instead of slowing anyone. The caller's grants are checked again every few
/// seconds while following. Dispose to let go: the engine stream stops some seconds after its last viewer.
/// </summary>
public sealed class LogSubscription : IAsyncDisposable
{
    private readonly LogStreamManager _manager;
    private readonly RunningLogSource _source;
    private readonly AccessControl _access;
    private readonly Caller _caller;
    private readonly (Permission Permission, AccessTarget Target) _needs;
    private readonly TimeSpan _grantRefresh;
    private readonly TimeProvider _clock;
    private int _disposed;

    internal LogSubscription(LogStreamManager manager, RunningLogSource source, long cursor, AccessControl access, Caller caller,
        (Permission, AccessTarget) needs, TimeSpan grantRefresh, TimeProvider clock)
    {
        _clock = clock;
        _manager = manager;
        _source = source;
        _access = access;
        _caller = caller;
        _needs = needs;
        _grantRefresh = grantRefresh;
        Cursor = cursor;
    }

    public LogSourceId SourceId => _source.Id;

    /// <summary>The sequence <see cref="FollowAsync"/> continues after; it moves with every batch read.</summary>
    public long Cursor { get; private set; }

    /// <summary>The newest line's sequence in the source (0 before the first).</summary>
    public long LastSequence => _source.Buffer.LastSequence;

    /// <summary>
    /// Batches of lines after <see cref="Cursor"/> until cancelled: first the history the viewer asked for, then
    /// live lines as they arrive. Throws <see cref="AccessDeniedException"/> once the caller's grants no longer allow it.
    /// </summary>
    public async IAsyncEnumerable<LogBatch> FollowAsync(int maxBatch = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var checkedAt = _clock.GetTimestamp();
        await foreach (var batch in _source.Buffer.FollowAsync(Cursor, maxBatch, cancellationToken).ConfigureAwait(false))
        {
            if (_clock.GetElapsedTime(checkedAt) > _grantRefresh)
            {
                if (!await _access.IsAllowedAsync(_caller, _needs.Permission, _needs.Target, cancellationToken).ConfigureAwait(false))
                {
                    throw new AccessDeniedException(_caller, _needs.Permission, _needs.Target);
                }

                checkedAt = _clock.GetTimestamp();
            }

            Cursor = batch.LastSequence;
            yield return batch;
        }
    }

    /// <summary>The newest retained lines, oldest first.</summary>
    public IReadOnlyList<LogLine> Snapshot(int maxLines = int.MaxValue) => _source.Buffer.Snapshot(maxLines);

    /// <summary>The retained lines that match, oldest first, at most <paramref name="maxResults"/> (the newest are kept).</summary>
    public IReadOnlyList<LogLine> Search(LogSearch search, int maxResults = 10_000)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentOutOfRangeException.ThrowIfNegative(maxResults);
        var lines = _source.Buffer.Snapshot();
        var found = new List<LogLine>();
        for (var i = lines.Count - 1; i >= 0 && found.Count < maxResults; i--)
        {
            if (search.IsMatch(lines[i].Text))
            {
                found.Add(lines[i]);
            }
        }

        found.Reverse();
        return found;
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _manager.Release(_source);
        }

        return ValueTask.CompletedTask;
    }
}
