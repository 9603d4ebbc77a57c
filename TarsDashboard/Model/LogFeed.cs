using TarsDashboard.Core.Logs;

namespace TarsDashboard.Model;

/// <summary>
/// Where the log viewer gets one source's lines: a live subscription followed as it grows, or the results of a range
/// search read once. The viewer reads each feed on its own task and merges them by time.
/// </summary>
public abstract class LogFeed
{
    public abstract LogSourceId SourceId { get; }

    /// <summary>Batches in order until the feed ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    public abstract IAsyncEnumerable<LogBatch> ReadAsync(CancellationToken cancellationToken);

    /// <summary>A live subscription: its retained lines, then each new one.</summary>
    public static LogFeed Follow(LogSubscription subscription) => new SubscriptionFeed(subscription);

    private sealed class SubscriptionFeed(LogSubscription subscription) : LogFeed
    {
        public override LogSourceId SourceId => subscription.SourceId;

        public override IAsyncEnumerable<LogBatch> ReadAsync(CancellationToken cancellationToken) =>
            subscription.FollowAsync(1000, cancellationToken);
    }
}
