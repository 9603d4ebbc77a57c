using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Monitoring;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Alerts;

/// <summary>
/// Follows the output of the service containers that log pattern rules cover, through <see cref="LogStreamManager"/>:
/// a container followed here and on a Logs page has one engine stream between them, and however many rules cover a
/// container it is followed once. Which containers: the full listing when the rules change (and as a slow safety net),
/// then starts and removals as the engine event stream reports them. Every line goes to <c>onLine</c>, which matches.
/// </summary>
internal sealed class LogPatternWatch : IAsyncDisposable
{
    private readonly LogStreamManager logs;
    private readonly ServiceContainerLister lister;
    private readonly Action<ContainerKey, LogLine> onLine;
    private readonly TimeSpan startMargin;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<ContainerKey, Follow> _follows = [];
    private bool _disposed;

    public LogPatternWatch(LogStreamManager logs, ServiceContainerLister lister, Action<ContainerKey, LogLine> onLine, TimeSpan startMargin,
        ILogger logger, TimeProvider clock)
    {
        this.logs = logs;
        this.lister = lister;
        this.onLine = onLine;
        this.startMargin = startMargin;
        this.logger = logger;
        this.clock = clock;
    }

    /// <summary>The containers followed now.</summary>
    public IReadOnlyList<ContainerKey> Followed
    {
        get
        {
            lock (_gate)
            {
                return [.. _follows.Keys];
            }
        }
    }

    /// <summary>True when some enabled log pattern rule covers the container.</summary>
    public static bool IsWatched(IReadOnlyList<AlertRule> rules, ContainerKey key) =>
        LogSourceId.TryParseServiceName(key.Container, out var application, out var server)
        && rules.Any(r => r is { Kind: AlertKind.LogPattern, Enabled: true } && AlertTarget.Service(application, server, key.Node).IsIn(r.Scope));

    /// <summary>Follows every running container the rules cover and lets go of the others (all of them without such rules).</summary>
    public async Task ReconcileAsync(IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken)
    {
        var any = rules.Any(r => r is { Kind: AlertKind.LogPattern, Enabled: true });
        var listing = any ? await lister.ListAsync(cancellationToken).ConfigureAwait(false) : null;
        List<Follow> stopped;
        lock (_gate)
        {
            // A node that did not answer keeps its follows: the log streams retry by themselves.
            stopped = [.. _follows.Values.Where(f => !IsWatched(rules, f.Key)
                                                     || (listing is not null && listing.Answered.Contains(f.Key.Node) && !listing.Running.Contains(f.Key)))];
            foreach (var follow in stopped)
            {
                _follows.Remove(follow.Key);
            }
        }

        foreach (var follow in stopped)
        {
            await follow.StopAsync().ConfigureAwait(false);
        }

        foreach (var key in listing?.Running.Where(k => IsWatched(rules, k)) ?? [])
        {
            Start(key, since: null);
        }
    }

    /// <summary>An engine event: a covered container that started is followed from a little before the start; a removed one let go.</summary>
    public async Task OnContainerChangedAsync(IReadOnlyList<AlertRule> rules, ContainerKey key, string action)
    {
        if (action == "start" && IsWatched(rules, key))
        {
            // Its first lines may come before the stream is open: read from just before the start.
            Start(key, clock.GetUtcNow() - startMargin);
        }
        else if (action == "destroy")
        {
            Follow? follow;
            lock (_gate)
            {
                if (_follows.Remove(key, out follow) is false)
                {
                    return;
                }
            }

            await follow!.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Follow> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _follows.Values];
            _follows.Clear();
        }

        await Task.WhenAll(all.Select(f => f.StopAsync())).ConfigureAwait(false);
    }

    private void Start(ContainerKey key, DateTimeOffset? since)
    {
        lock (_gate)
        {
            if (_disposed || _follows.ContainsKey(key))
            {
                return;
            }

            var follow = new Follow(key);
            _follows.Add(key, follow);
            follow.Running = Task.Run(() => RunAsync(follow, since), CancellationToken.None);
        }
    }

    private async Task RunAsync(Follow follow, DateTimeOffset? since)
    {
        var token = follow.Stopping.Token;
        try
        {
            // The system caller: rules are checked against their scope when saved; the stream is shared with viewers.
            var options = since is { } from ? new LogFollowOptions { Since = from } : new LogFollowOptions { TailLines = 0 };
            await using var subscription = await logs.OpenAsync(Caller.System, LogSourceId.ForContainer(follow.Key.Node, follow.Key.Container),
                options, token).ConfigureAwait(false);
            await foreach (var batch in subscription.FollowAsync(cancellationToken: token).ConfigureAwait(false))
            {
                foreach (var line in batch.Lines)
                {
                    onLine(follow.Key, line);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Log pattern rules stopped reading the output of {Container}", follow.Key);
            lock (_gate)
            {
                if (_follows.TryGetValue(follow.Key, out var current) && ReferenceEquals(current, follow))
                {
                    _follows.Remove(follow.Key);
                }
            }
        }
    }

    private sealed class Follow(ContainerKey key)
    {
        public ContainerKey Key { get; } = key;

        public CancellationTokenSource Stopping { get; } = new();

        public Task Running { get; set; } = Task.CompletedTask;

        public async Task StopAsync()
        {
            await Stopping.CancelAsync().ConfigureAwait(false);
            try
            {
                await Running.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Ended with its stream; nothing more to do.
            }

            Stopping.Dispose();
        }
    }
}
