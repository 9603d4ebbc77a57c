using System.Collections.Concurrent;
using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Monitoring;

/// <summary>
/// Records every running service container (named <c>App.Server</c>) on every node with an engine into the
/// database's history: holds its stats stream open, folds samples into fine and coarse points, writes them in
/// batches and prunes points past their retention. Which containers run it learns from the one engine event stream
/// (<see cref="ContainerChanged"/> from <see cref="EngineEventWatcher"/>): a start begins recording at once, a die or
/// removal ends it. A full listing every <see cref="MonitoringOptions.DiscoverySeconds"/> is only the safety net for
/// events missed while an engine's event stream was down.
/// </summary>
public sealed class ResourceRecorder : BackgroundService
{
    private readonly ResourceStreams streams;
    private readonly ResourcePointRepository points;
    private readonly ServiceContainerLister lister;
    private readonly LiveEventBus bus;
    private readonly IOptions<MonitoringOptions> options;
    private readonly ILogger<ResourceRecorder> logger;
    private readonly TimeProvider clock;
    private readonly TarsDashboard.Core.Cluster.LeaderElection leader;
    private readonly Lock _gate = new();
    private readonly Dictionary<ContainerKey, Recording> _recordings = [];
    private readonly ConcurrentQueue<ResourcePointRow> _pending = new();

    internal ResourceRecorder(ResourceStreams streams, ResourcePointRepository points, ServiceContainerLister lister,
        IOptions<MonitoringOptions> options, ILogger<ResourceRecorder> logger, TimeProvider clock, LiveEventBus bus,
        TarsDashboard.Core.Cluster.LeaderElection leader)
    {
        this.leader = leader;
        this.bus = bus;
        this.streams = streams;
        this.points = points;
        this.lister = lister;
        this.options = options;
        this.logger = logger;
        this.clock = clock;
    }

    private MonitoringOptions Options => options.Value;

    /// <summary>The containers being recorded now.</summary>
    public IReadOnlyList<ContainerKey> Recorded
    {
        get
        {
            lock (_gate)
            {
                return [.. _recordings.Keys];
            }
        }
    }

    // Only the leader records: two instances would write every point twice.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leader.RunWhileLeaderAsync(RecordAsync, stoppingToken);

    private async Task RecordAsync(CancellationToken stoppingToken)
    {
        if (!Options.RecordHistory)
        {
            return;
        }

        using var subscription = bus.Subscribe(OnEventAsync);
        var tick = TimeSpan.FromSeconds(Math.Min(Options.FinePointSeconds, Options.DiscoverySeconds));
        var nextDiscovery = DateTimeOffset.MinValue;
        var nextPrune = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            try
            {
                if (now >= nextDiscovery)
                {
                    nextDiscovery = now + TimeSpan.FromSeconds(Options.DiscoverySeconds);
                    await DiscoverAsync(stoppingToken).ConfigureAwait(false);
                }

                await FlushAsync(stoppingToken).ConfigureAwait(false);
                if (now >= nextPrune)
                {
                    nextPrune = now + TimeSpan.FromMinutes(Options.PruneMinutes);
                    await PruneAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database or an engine being away for a while must not end recording for good.
                logger.LogWarning(exception, "Resource recording failed; trying again");
            }

            try
            {
                await Task.Delay(tick, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        StopAll();
    }

    /// <summary>Starts recording service containers that appeared and stops those that went away.</summary>
    public async Task DiscoverAsync(CancellationToken cancellationToken = default)
    {
        var (found, answered) = await lister.ListAsync(cancellationToken).ConfigureAwait(false);
        List<Recording> gone;
        lock (_gate)
        {
            // A node that did not answer keeps its recordings: its streams retry and resume when it is back.
            gone = [.. _recordings.Values.Where(r => answered.Contains(r.Key.Node) && !found.Contains(r.Key))];
            foreach (var recording in gone)
            {
                _recordings.Remove(recording.Key);
            }

            foreach (var key in found.Where(k => !_recordings.ContainsKey(k)))
            {
                _recordings.Add(key, new Recording(key, streams.Acquire(key), this));
            }
        }

        foreach (var recording in gone)
        {
            recording.Stop();
        }
    }

    // A service container started: record it now; it died or was removed: stop (its last partial points are kept).
    private Task OnEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is not ContainerChanged { Action: "start" or "die" or "destroy" } changed
            || !ServiceContainerLister.IsServiceContainer(changed.ContainerName))
        {
            return Task.CompletedTask;
        }

        var key = new ContainerKey(changed.NodeName, changed.ContainerName);
        Recording? stopped = null;
        lock (_gate)
        {
            if (changed.Action == "start")
            {
                if (!_recordings.ContainsKey(key))
                {
                    _recordings.Add(key, new Recording(key, streams.Acquire(key), this));
                }
            }
            else if (_recordings.Remove(key, out var recording))
            {
                stopped = recording;
            }
        }

        stopped?.Stop();
        return Task.CompletedTask;
    }

    /// <summary>Writes the points finished since the last call.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var batch = new List<ResourcePointRow>();
        while (batch.Count < 5_000 && _pending.TryDequeue(out var row))
        {
            batch.Add(row);
        }

        await points.InsertAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes fine and coarse points past their retention.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var fine = await points.PruneAsync(Options.FinePointSeconds, now - TimeSpan.FromHours(Options.FineRetentionHours), cancellationToken)
            .ConfigureAwait(false);
        var coarse = await points.PruneAsync(Options.CoarsePointSeconds, now - TimeSpan.FromDays(Options.CoarseRetentionDays), cancellationToken)
            .ConfigureAwait(false);
        return fine + coarse;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        StopAll();
    }

    private void StopAll()
    {
        List<Recording> all;
        lock (_gate)
        {
            all = [.. _recordings.Values];
            _recordings.Clear();
        }

        foreach (var recording in all)
        {
            recording.Stop();
        }
    }

    private void Enqueue(ContainerKey key, int resolution, ResourceSample? point)
    {
        if (point is not null)
        {
            _pending.Enqueue(ResourcePointRow.From(key, resolution, point));
        }
    }

    /// <summary>One recorded container: its lease on the stream and its two down-samplers.</summary>
    private sealed class Recording
    {
        private readonly ResourceRecorder _owner;
        private readonly ResourceLease _lease;
        private readonly ResourceDownsampler _fine;
        private readonly ResourceDownsampler _coarse;
        private readonly Lock _gate = new();

        public Recording(ContainerKey key, ResourceLease lease, ResourceRecorder owner)
        {
            Key = key;
            _lease = lease;
            _owner = owner;
            _fine = new ResourceDownsampler(TimeSpan.FromSeconds(owner.Options.FinePointSeconds));
            _coarse = new ResourceDownsampler(TimeSpan.FromSeconds(owner.Options.CoarsePointSeconds));
            lease.Feed.Sampled += OnSample;
        }

        public ContainerKey Key { get; }

        private void OnSample(ResourceSample sample)
        {
            lock (_gate)
            {
                _owner.Enqueue(Key, _owner.Options.FinePointSeconds, _fine.Add(sample));
                _owner.Enqueue(Key, _owner.Options.CoarsePointSeconds, _coarse.Add(sample));
            }
        }

        public void Stop()
        {
            _lease.Feed.Sampled -= OnSample;
            lock (_gate)
            {
                _owner.Enqueue(Key, _owner.Options.FinePointSeconds, _fine.Flush());
                _owner.Enqueue(Key, _owner.Options.CoarsePointSeconds, _coarse.Flush());
            }

            _lease.Dispose();
        }
    }
}
