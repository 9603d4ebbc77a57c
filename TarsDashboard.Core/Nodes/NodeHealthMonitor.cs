using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Live;

namespace TarsDashboard.Core.Nodes;

/// <summary>
/// Pings every node's engine on an interval; an engine that stops answering becomes unreachable and is retried with
/// exponential back-off. A tarsnode-managed node registered without an engine is read from its tarsnode heartbeat
/// (<c>t_node_info</c>) instead, on the same interval. Every visible change is published on the <see cref="LiveEventBus"/>.
/// With several dashboard instances on one database only the leader publishes (and logs) changes; a follower still
/// pings on the same interval (a read-only, cheap call) so that <see cref="Current"/>, its pages and its /healthz show
/// live health without waiting for an event from the leader, but it raises no event, so open pages are not told twice.
/// </summary>
public sealed class NodeHealthMonitor : BackgroundService
{
    private readonly NodeRepository nodes;
    private readonly NodeInfoRepository nodeInfo;
    private readonly DockerClientPool clients;
    private readonly LiveEventBus bus;
    private readonly IOptions<NodeOptions> options;
    private readonly IOptions<FrameworkOptions> framework;
    private readonly DatabaseStatus database;
    private readonly ILogger<NodeHealthMonitor> logger;
    private readonly TimeProvider clock;
    private readonly TarsDashboard.Core.Cluster.LeaderElection leader;

    internal NodeHealthMonitor(
        NodeRepository nodes,
        NodeInfoRepository nodeInfo,
        DockerClientPool clients,
        LiveEventBus bus,
        IOptions<NodeOptions> options,
        IOptions<FrameworkOptions> framework,
        DatabaseStatus database,
        ILogger<NodeHealthMonitor> logger,
        TimeProvider clock,
        TarsDashboard.Core.Cluster.LeaderElection leader)
    {
        this.leader = leader;
        // A new leader tells open pages what it knows, in case the old one died before publishing a change.
        leader.LeadershipChanged += gained =>
        {
            if (gained)
            {
                foreach (var health in _health.Values)
                {
                    bus.Publish(new NodeHealthChanged(health));
                }
            }
        };
        this.clock = clock;
        this.nodes = nodes;
        this.nodeInfo = nodeInfo;
        this.clients = clients;
        this.bus = bus;
        this.options = options;
        this.framework = framework;
        this.database = database;
        this.logger = logger;
    }

    private readonly ConcurrentDictionary<string, NodeHealth> _health = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The latest health of every known node.</summary>
    public IReadOnlyDictionary<string, NodeHealth> Current => _health;

    /// <summary>Completes when every node registered at start has been checked once (tests await it instead of sleeping).</summary>
    public Task FirstRoundDone => _firstRound.Task;

    public NodeHealth Get(string nodeName) => _health.TryGetValue(nodeName, out var health) ? health : NodeHealth.Unknown(nodeName, clock);

    /// <summary>Checks one node now (the Retry button), whatever its back-off says.</summary>
    public async Task<NodeHealth> CheckNowAsync(string nodeName, CancellationToken cancellationToken = default)
    {
        var node = await nodes.GetAsync(nodeName, cancellationToken);
        if (node is null)
        {
            Forget(nodeName);
            return NodeHealth.Unknown(nodeName, clock);
        }

        return await CheckAsync(node, cancellationToken);
    }

    /// <summary>Asks the loop to re-read the node list at once (after an add or remove).</summary>
    public void Wake() => _wake.Release();

    public void Forget(string nodeName)
    {
        if (_health.TryRemove(nodeName, out _))
        {
            clients.Forget(nodeName);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Until the start-up migration is done there may be no node table to read.
                var all = database.IsReady ? await nodes.ListAsync(stoppingToken) : [];
                foreach (var gone in _health.Keys.Except(all.Select(n => n.NodeName)).ToList())
                {
                    Forget(gone);
                }

                var now = clock.GetUtcNow();
                var due = all.Where(n => !_health.TryGetValue(n.NodeName, out var h) || (h.NextRetryAt ?? now) <= now);
                await Task.WhenAll(due.Select(n => CheckAsync(n, stoppingToken)));
                if (database.IsReady)
                {
                    _firstRound.TrySetResult();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be down; node states stay as they were until it answers again.
                logger.LogWarning("Node health round skipped: {Reason}", exception.Message);
            }

            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<NodeHealth> CheckAsync(NodeRow node, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var previous = _health.TryGetValue(node.NodeName, out var p) ? p : null;
        NodeHealth health;
        if (!node.HasEngine)
        {
            var heartbeat = await nodeInfo.GetHeartbeatAsync(node.NodeName, framework.Value.HeartbeatFreshSeconds, cancellationToken);
            health = NodeHealth.FromHeartbeat(node.NodeName, heartbeat, clock);
            health = health with { NextRetryAt = health.CheckedAt.AddSeconds(settings.HealthIntervalSeconds) };
            return Record(node, health, previous);
        }

        try
        {
            health = await EngineProbe.ProbeAsync(node.NodeName, clients.For(node),
                TimeSpan.FromSeconds(settings.ProbeTimeoutSeconds), clock, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A client that cannot even be built (a TLS folder that vanished) is as unreachable as a dead engine.
            health = new NodeHealth(node.NodeName, NodeReachability.Unreachable, clock.GetUtcNow(), Error: exception.Message);
        }

        if (health.State == NodeReachability.Reachable)
        {
            health = health with { NextRetryAt = health.CheckedAt.AddSeconds(settings.HealthIntervalSeconds) };
        }
        else
        {
            var failures = (previous?.ConsecutiveFailures ?? 0) + 1;
            var delay = Math.Min(settings.MaxRetrySeconds, settings.HealthIntervalSeconds * Math.Pow(2, failures - 1));
            // Keep the last known engine facts so the page can still say what the node was.
            health = health with
            {
                ConsecutiveFailures = failures,
                NextRetryAt = health.CheckedAt.AddSeconds(delay),
                EngineVersion = previous?.EngineVersion,
                Cpus = previous?.Cpus ?? 0,
                MemoryBytes = previous?.MemoryBytes ?? 0,
            };
        }

        return Record(node, health, previous);
    }

    private NodeHealth Record(NodeRow node, NodeHealth health, NodeHealth? previous)
    {
        _health[node.NodeName] = health;
        if (health.DiffersFrom(previous) && leader.IsLeader)
        {
            if (previous?.State != health.State)
            {
                logger.LogInformation("Node {Node} is {State} {Reason}", node.NodeName, health.State, health.Error);
            }

            bus.Publish(new NodeHealthChanged(health));
        }

        return health;
    }
}
