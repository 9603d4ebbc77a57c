using System.Runtime.CompilerServices;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Model;

/// <summary>
/// One source's range search as a viewer feed: the matches stream into the viewer while the history panel reads the
/// count, progress and outcome from here. A failure or a cancel ends the feed quietly and is kept in
/// <see cref="Outcome"/>/<see cref="Failure"/> for the panel to explain; other sources go on.
/// </summary>
public sealed class LogRangeFeed(LogStreamManager logs, Caller caller, LogSourceId sourceId, LogRangeQuery query, ILogger logger) : LogFeed
{
    private readonly CancellationTokenSource _cancel = new();
    private long _scanned;
    private long _matches;
    private double _progress;
    private volatile LogRangeOutcome _outcome = LogRangeOutcome.Running;

    public override LogSourceId SourceId => sourceId;

    public long Scanned => Interlocked.Read(ref _scanned);

    public long MatchCount => Interlocked.Read(ref _matches);

    /// <summary>0 to 1, by the time of the last line read.</summary>
    public double Progress => Volatile.Read(ref _progress);

    public LogRangeOutcome Outcome => _outcome;

    /// <summary>Why the search of this source stopped early, when <see cref="Outcome"/> is <see cref="LogRangeOutcome.Failed"/>.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Stops the search (the Cancel button); the matches found so far stay in the viewer.</summary>
    public void Cancel() => _cancel.Cancel();

    public override async IAsyncEnumerable<LogBatch> ReadAsync([EnumeratorCancellation] CancellationToken viewerGone)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(viewerGone, _cancel.Token);
        var cancellationToken = linked.Token;
        IAsyncEnumerator<LogRangeBatch>? batches = null;
        try
        {
            try
            {
                batches = (await logs.SearchRangeAsync(caller, sourceId, query, cancellationToken)).GetAsyncEnumerator(cancellationToken);
            }
            catch (Exception exception)
            {
                End(exception, cancellationToken);
                yield break;
            }

            while (true)
            {
                LogRangeBatch batch;
                try
                {
                    if (!await batches.MoveNextAsync())
                    {
                        break;
                    }

                    batch = batches.Current;
                }
                catch (Exception exception)
                {
                    End(exception, cancellationToken);
                    yield break;
                }

                Interlocked.Exchange(ref _scanned, batch.Scanned);
                Interlocked.Exchange(ref _matches, batch.MatchCount);
                Volatile.Write(ref _progress, batch.Progress);
                if (batch.LimitReached)
                {
                    _outcome = LogRangeOutcome.LimitReached;
                }

                if (batch.Matches.Count > 0 && !cancellationToken.IsCancellationRequested)
                {
                    yield return new LogBatch(batch.Matches, 0, batch.Matches[^1].Sequence);
                }
            }

            if (_outcome == LogRangeOutcome.Running)
            {
                _outcome = LogRangeOutcome.Done;
            }
        }
        finally
        {
            if (batches is not null)
            {
                await batches.DisposeAsync();
            }
        }
    }

    private void End(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            _outcome = LogRangeOutcome.Cancelled;
            return;
        }

        // Refusals and "not there" are answers for the panel; anything else is a bug worth its stack in the log.
        if (ErrorPolicy.Classify(exception).Kind == FailureKind.Bug && !IsExplained(exception))
        {
            logger.LogFailure(exception, "Range search of {Source} failed", sourceId);
        }

        Failure = exception;
        _outcome = LogRangeOutcome.Failed;
    }

    /// <summary>Core's own answers whose message says what is wrong (no such file, container or node).</summary>
    public static bool IsExplained(Exception exception) =>
        exception is KeyNotFoundException or IOException or InvalidOperationException;
}

/// <summary>Where one source's range search is.</summary>
public enum LogRangeOutcome
{
    Running,
    Done,
    LimitReached,
    Cancelled,
    Failed,
}
