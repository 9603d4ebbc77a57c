using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Monitoring;

/// <summary>
/// Resource charts for pages: live samples and history of a service instance's container, and a per-node summary.
/// Every call checks the caller's grants: a developer sees only the services they hold grants on.
/// </summary>
public sealed class ResourceMonitor
{
    private static readonly TimeSpan EngineInfoAge = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan EngineInfoTimeout = TimeSpan.FromSeconds(3);
    private const int WorstServiceCount = 3;

    private readonly AccessControl access;
    private readonly ResourceStreams streams;
    private readonly ResourcePointRepository points;
    private readonly NodeRepository nodes;
    private readonly DockerClientPool pool;
    private readonly IOptions<MonitoringOptions> options;
    private readonly ILogger<ResourceMonitor> logger;
    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, int Cpus, long Memory)> _engineInfo = new(StringComparer.Ordinal);

    internal ResourceMonitor(AccessControl access, ResourceStreams streams, ResourcePointRepository points, NodeRepository nodes,
        DockerClientPool pool, IOptions<MonitoringOptions> options, ILogger<ResourceMonitor> logger, TimeProvider clock)
    {
        this.access = access;
        this.streams = streams;
        this.points = points;
        this.nodes = nodes;
        this.pool = pool;
        this.options = options;
        this.logger = logger;
        this.clock = clock;
    }

    /// <summary>Follows the live samples of the instance <c>App.Server</c> on <paramref name="node"/>; dispose the follower when done.</summary>
    /// <exception cref="AccessDeniedException">The caller holds no grant on the service.</exception>
    public async Task<ResourceFollower> FollowAsync(Caller caller, string node, string application, string server,
        CancellationToken cancellationToken = default)
    {
        var key = await DemandAsync(caller, node, application, server, cancellationToken).ConfigureAwait(false);
        var target = AccessTarget.Service(application, server);
        return new ResourceFollower(streams.Acquire(key), token => access.IsAllowedAsync(caller, Permission.ViewService, target, token),
            TimeSpan.FromSeconds(options.Value.GrantRefreshSeconds), clock);
    }

    /// <summary>
    /// The instance's history over the range, from the finest points kept that long (fine points up to their
    /// retention, coarse points beyond), oldest first.
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller holds no grant on the service.</exception>
    public async Task<IReadOnlyList<ResourceSample>> HistoryAsync(Caller caller, string node, string application, string server,
        ResourceRange range, CancellationToken cancellationToken = default)
    {
        var key = await DemandAsync(caller, node, application, server, cancellationToken).ConfigureAwait(false);
        var span = range switch
        {
            ResourceRange.LastHour => TimeSpan.FromHours(1),
            ResourceRange.LastDay => TimeSpan.FromDays(1),
            ResourceRange.Last30Days => TimeSpan.FromDays(30),
            _ => TimeSpan.Zero,
        };
        if (span == TimeSpan.Zero)
        {
            using var lease = streams.Acquire(key);
            return lease.Feed.Ring.Snapshot();
        }

        var o = options.Value;
        var resolution = span <= TimeSpan.FromHours(o.FineRetentionHours) ? o.FinePointSeconds : o.CoarsePointSeconds;
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await points.QueryAsync(key, resolution, now - span, now.AddSeconds(1), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToSample())];
    }

    /// <summary>
    /// Per node with an engine: its recorded containers' CPU and memory added up against the engine's CPUs and memory,
    /// and the busiest services among those the caller may see.
    /// </summary>
    public async Task<IReadOnlyList<NodeResourceSummary>> NodeSummariesAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken).ConfigureAwait(false);
        var visible = await access.ServiceFilterAsync(caller, Permission.ViewService, cancellationToken).ConfigureAwait(false);
        var latest = streams.LatestOfAll().ToLookup(p => p.Key.Node, StringComparer.Ordinal);
        var engines = (await nodes.ListAsync(cancellationToken).ConfigureAwait(false)).Where(n => n.HasEngine).ToList();
        var infos = await Task.WhenAll(engines.Select(n => EngineInfoAsync(n, cancellationToken))).ConfigureAwait(false);
        var summaries = new List<NodeResourceSummary>();
        for (var i = 0; i < engines.Count; i++)
        {
            var node = engines[i].NodeName;
            var samples = latest[node].ToList();
            var (cpus, memoryTotal) = infos[i];
            var cpu = samples.Sum(s => s.Sample.CpuPercent);
            var worst = samples
                .Select(s => LogSourceId.TryParseServiceName(s.Key.Container, out var app, out var server) && visible(app, server)
                    ? new ServiceResourceUse(node, app, server, s.Sample.CpuPercent, s.Sample.MemoryUsed, s.Sample.MemoryLimit)
                    : null)
                .OfType<ServiceResourceUse>()
                .OrderByDescending(u => u.CpuPercent).ThenByDescending(u => u.MemoryUsed)
                .Take(WorstServiceCount)
                .ToList();
            summaries.Add(new NodeResourceSummary(node, cpus > 0 ? Math.Min(100, cpu / cpus) : 0, cpus,
                samples.Sum(s => s.Sample.MemoryUsed), memoryTotal, samples.Count, worst));
        }

        return summaries;
    }

    private async Task<ContainerKey> DemandAsync(Caller caller, string node, string application, string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var container = $"{application}.{server}";
        if (!LogSourceId.TryParseServiceName(container, out _, out _) || string.IsNullOrWhiteSpace(node))
        {
            throw new ArgumentException($"'{container}' on '{node}' is not a service instance (App.Server on a node).");
        }

        await access.DemandAsync(caller, Permission.ViewService, AccessTarget.Service(application, server), cancellationToken).ConfigureAwait(false);
        return new ContainerKey(node, container);
    }

    private async Task<(int Cpus, long Memory)> EngineInfoAsync(NodeRow node, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_engineInfo.TryGetValue(node.NodeName, out var cached) && now - cached.At < EngineInfoAge)
        {
            return (cached.Cpus, cached.Memory);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(EngineInfoTimeout);
            var info = await pool.For(node).System.GetSystemInfoAsync(timeout.Token).ConfigureAwait(false);
            _engineInfo[node.NodeName] = (now, (int)info.NCPU, info.MemTotal);
            return ((int)info.NCPU, info.MemTotal);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(exception, "Engine of {Node} did not tell its CPUs and memory", node.NodeName);
            return (cached.Cpus, cached.Memory);
        }
    }
}
