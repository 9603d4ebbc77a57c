using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Monitoring;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Alerts;

/// <summary>
/// Evaluates the alert rules against what the dashboard already hears on the <see cref="LiveEventBus"/> (service
/// container events from the one engine event stream, node health, task progress), and delivers each firing and
/// recovery once to the rule's webhook, recording it in the alert history. Deliveries run apart from the event reader,
/// so a slow webhook never makes the bus drop events.
/// </summary>
public sealed class AlertMonitor : BackgroundService
{
    // The full listing behind the log pattern rules' event-driven view of which containers run.
    private static readonly TimeSpan LogReconcileInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);
    private static readonly AlertKind[] ClearedByStart = [AlertKind.ContainerExited, AlertKind.OomKilled, AlertKind.Unhealthy];

    private readonly LiveEventBus bus;
    private readonly TarsDashboard.Core.Monitoring.ResourceStreams resources;
    private readonly AlertRuleRepository ruleRepository;
    private readonly AlertHistoryRepository history;
    private readonly WebhookSender sender;
    private readonly SecretProtector secrets;
    private readonly DatabaseStatus databaseStatus;
    private readonly IOptions<AlertOptions> options;
    private readonly ILogger<AlertMonitor> logger;
    private readonly TimeProvider clock;
    private readonly TarsDashboard.Core.Cluster.LeaderElection leader;
    private DateTimeOffset lastPrune = DateTimeOffset.MinValue;
    private readonly AlertEvaluator evaluator;
    private readonly LogStreamManager logs;
    private readonly ServiceContainerLister lister;
    private readonly SemaphoreSlim reconcileGate = new(1, 1);
    private readonly Lock patternGate = new();
    private readonly Dictionary<int, (string Pattern, bool IsRegex, LogSearch? Search)> patterns = [];
    private volatile IReadOnlyList<AlertRule> logRules = [];
    private LogPatternWatch? logWatch;
    private DateTimeOffset lastReconcile = DateTimeOffset.MinValue;
    private Channel<AlertTransition> outbox = NewOutbox();

    private static Channel<AlertTransition> NewOutbox() => Channel.CreateUnbounded<AlertTransition>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim loadGate = new(1, 1);
    private volatile IReadOnlyDictionary<int, AlertRuleRow>? rules;
    private bool restored;

    internal AlertMonitor(
        LiveEventBus bus,
        TarsDashboard.Core.Monitoring.ResourceStreams resources,
        AlertRuleRepository ruleRepository,
        AlertHistoryRepository history,
        WebhookSender sender,
        SecretProtector secrets,
        DatabaseStatus databaseStatus,
        IOptions<AlertOptions> options,
        ILogger<AlertMonitor> logger,
        TimeProvider clock,
        LogStreamManager logs,
        ServiceContainerLister lister,
        TarsDashboard.Core.Cluster.LeaderElection leader)
    {
        this.leader = leader;
        this.logs = logs;
        this.lister = lister;
        evaluator = new AlertEvaluator(TimeSpan.FromSeconds(options.Value.MinuteSeconds));
        this.options = options;
        this.bus = bus;
        this.resources = resources;
        this.ruleRepository = ruleRepository;
        this.history = history;
        this.sender = sender;
        this.secrets = secrets;
        this.databaseStatus = databaseStatus;
        this.logger = logger;
        this.clock = clock;
    }

    /// <summary>How many (rule, target) pairs fire now.</summary>
    public int FiringCount => evaluator.FiringCount;

    /// <summary>The containers whose output log pattern rules follow now.</summary>
    public IReadOnlyList<ContainerKey> LogFollowed => logWatch?.Followed ?? [];

    /// <summary>A stats sample as the CPU/memory rules read it; null for a container that is not a service or has no memory limit.</summary>
    internal static ResourceSample? ToAlertSample(TarsDashboard.Core.Monitoring.ResourceSampled sampled) =>
        sampled.Sample.MemoryLimit > 0 && Logs.LogSourceId.TryParseServiceName(sampled.Container.Container, out var application, out var server)
            ? new ResourceSample(AlertTarget.Service(application, server, sampled.Container.Node), sampled.Sample.CpuPercent,
                100.0 * sampled.Sample.MemoryUsed / sampled.Sample.MemoryLimit, sampled.Sample.At)
            : null;

    /// <summary>A resource reading for CPU/memory rules (each stats sample of a service container comes here).</summary>
    public async Task ObserveAsync(ResourceSample sample, CancellationToken cancellationToken = default)
    {
        if (await RulesAsync(cancellationToken) is { } current)
        {
            Enqueue(evaluator.Observe(current, sample));
        }
    }

    // Only the leader evaluates rules: two instances would fire and deliver every alert twice.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leader.RunWhileLeaderAsync(EvaluateAsync, stoppingToken);

    private async Task EvaluateAsync(CancellationToken stoppingToken)
    {
        // Each term has its own outbox (the last one was completed when the previous term ended), and re-reads what
        // fired from the history, which another leader may have written meanwhile.
        outbox = NewOutbox();
        restored = false;
        rules = null;
        using var subscription = bus.Subscribe(liveEvent => HandleAsync(liveEvent, stoppingToken));
        // CPU and memory rules read the samples of the streams the recorder and the charts keep open (not the bus:
        // one event per container per second is for the rules, not for every page).
        void OnSampled(TarsDashboard.Core.Monitoring.ResourceSampled sampled) => ObserveSampled(sampled, stoppingToken);
        resources.Sampled += OnSampled;
        var delivering = DeliverAsync(stoppingToken);
        await using var watch = logWatch = new LogPatternWatch(logs, lister, OnLogLine, TimeSpan.FromSeconds(options.Value.LogStartMarginSeconds),
            logger, clock);
        var tick = TimeSpan.FromSeconds(options.Value.EvaluateSeconds);
        try
        {
            await ReconcileLogsAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(tick, clock, stoppingToken);
                if (await RulesAsync(stoppingToken) is { } current)
                {
                    Enqueue(evaluator.Tick(current, clock.GetUtcNow()));
                    await PruneAsync(stoppingToken);
                }

                if (clock.GetUtcNow() - lastReconcile >= LogReconcileInterval)
                {
                    await ReconcileLogsAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            resources.Sampled -= OnSampled;
            outbox.Writer.TryComplete();
            await delivering;
        }
    }

    // Runs on the stream's thread, so it only starts the (cached-rules) evaluation and returns.
    private void ObserveSampled(TarsDashboard.Core.Monitoring.ResourceSampled sampled, CancellationToken cancellationToken)
    {
        if (ToAlertSample(sampled) is not { } sample)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await ObserveAsync(sample, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down.
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "A resource sample of {Container} could not be evaluated", sampled.Container);
            }
        }, CancellationToken.None);
    }

    // Which containers log pattern rules follow: all the rules cover, from a full listing (the event stream keeps it current).
    private async Task ReconcileLogsAsync(CancellationToken cancellationToken)
    {
        if (logWatch is not { } watch || !databaseStatus.IsReady)
        {
            return;
        }

        await reconcileGate.WaitAsync(cancellationToken);
        try
        {
            // Read apart from the evaluated rules' cache, whose first load restores what fired before a restart.
            var current = LogRules(await ruleRepository.ListAsync(cancellationToken));
            logRules = current;
            lastReconcile = clock.GetUtcNow();
            await watch.ReconcileAsync(current, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not find the containers log pattern rules watch");
        }
        finally
        {
            reconcileGate.Release();
        }
    }

    // Runs on the log follow's task: match against the cached rules and hand firings to the outbox.
    private void OnLogLine(ContainerKey container, LogLine line)
    {
        if (!LogSourceId.TryParseServiceName(container.Container, out var application, out var server))
        {
            return;
        }

        var target = AlertTarget.Service(application, server, container.Node);
        var now = clock.GetUtcNow();
        // The engine's time of the line (history read after a start is older than now), never later than now.
        var at = line.Timestamp is { } stamped && stamped < now ? stamped : now;
        foreach (var rule in logRules)
        {
            if (target.IsIn(rule.Scope) && SearchFor(rule) is { } search && search.IsMatch(AnsiToHtml.Strip(line.Text)))
            {
                Enqueue(evaluator.ObserveLogMatch(rule, target, line.Text, at));
            }
        }
    }

    private static IReadOnlyList<AlertRule> LogRules(IEnumerable<AlertRuleRow> rows) =>
        [.. rows.Select(r => r.ToRule("")).Where(r => r is { Kind: AlertKind.LogPattern, Enabled: true })];

    private LogSearch? SearchFor(AlertRule rule)
    {
        lock (patternGate)
        {
            if (!patterns.TryGetValue(rule.Id, out var known) || known.Pattern != rule.Pattern || known.IsRegex != rule.PatternIsRegex)
            {
                patterns[rule.Id] = known = (rule.Pattern, rule.PatternIsRegex,
                    rule.Pattern.Length == 0 ? null : AlertRuleValidator.CompilePattern(rule.Pattern, rule.PatternIsRegex));
            }

            return known.Search;
        }
    }

    private async Task HandleAsync(LiveEvent liveEvent, CancellationToken cancellationToken)
    {
        if (liveEvent is AlertRulesChanged changed)
        {
            evaluator.Forget(changed.RuleId);
            rules = null;
            await ReconcileLogsAsync(cancellationToken);
            return;
        }

        if (liveEvent is ContainerChanged { Action: "start" or "destroy" } containerChanged && logWatch is { } watch
            && ServiceContainerLister.IsServiceContainer(containerChanged.ContainerName))
        {
            await watch.OnContainerChangedAsync(logRules, new ContainerKey(containerChanged.NodeName, containerChanged.ContainerName), containerChanged.Action);
            return;
        }

        if (liveEvent is not (ServiceContainerEvent or NodeHealthChanged or TaskProgress) || await RulesAsync(cancellationToken) is not { } current)
        {
            return;
        }

        var now = clock.GetUtcNow();
        switch (liveEvent)
        {
            case ServiceContainerEvent container:
                var target = AlertTarget.Service(container.Application, container.ServerName, container.NodeName);
                foreach (var signal in Signals(container, target, now))
                {
                    Enqueue(evaluator.Observe(current, signal));
                }

                if (container.Action == "start")
                {
                    Enqueue(evaluator.ObserveStart(current, target, now));
                }

                break;
            case NodeHealthChanged { Health.State: NodeReachability.Unreachable or NodeReachability.Reachable } node:
                var reachable = node.Health.State == NodeReachability.Reachable;
                Enqueue(evaluator.Observe(current, new AlertSignal([AlertKind.NodeUnreachable], AlertTarget.Node(node.Health.NodeName), !reachable,
                    reachable ? "is reachable again" : $"is unreachable: {node.Health.Error}", now)));
                break;
            case TaskProgress { Status: TaskItemStatus.Failed or TaskItemStatus.Success } task:
                var failed = task.Status == TaskItemStatus.Failed;
                Enqueue(evaluator.Observe(current, new AlertSignal([AlertKind.TaskFailed],
                    AlertTarget.Service(task.Application, task.ServerName, task.NodeName), failed,
                    failed ? $"task {task.TaskNo} ({task.Command}) failed" : $"task {task.TaskNo} ({task.Command}) succeeded", now)));
                break;
        }
    }

    /// <summary>Drops history older than <see cref="AlertOptions.HistoryDays"/>, at most once an hour.</summary>
    internal async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - lastPrune < PruneInterval)
        {
            return;
        }

        lastPrune = now;
        try
        {
            await history.DeleteOlderThanAsync(now.UtcDateTime.AddDays(-options.Value.HistoryDays), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not prune the alert history");
        }
    }

    private static AlertTarget ToTarget(AlertHistoryEntry entry)
    {
        var dot = entry.Service.IndexOf('.');
        return dot < 0 ? AlertTarget.Node(entry.NodeName) : AlertTarget.Service(entry.Service[..dot], entry.Service[(dot + 1)..], entry.NodeName);
    }

    private static IEnumerable<AlertSignal> Signals(ServiceContainerEvent container, AlertTarget target, DateTimeOffset now)
    {
        switch (container.Action)
        {
            case "start":
                yield return new AlertSignal(ClearedByStart, target, false, "is running again", now);
                break;
            case "die" when container.ExitCode != "0" && !container.StoppedOnRequest:
                yield return new AlertSignal([AlertKind.ContainerExited], target, true, $"exited with code {container.ExitCode}", now);
                break;
            case "oom":
                yield return new AlertSignal([AlertKind.OomKilled], target, true, "was killed for lack of memory (OOM)", now);
                break;
            case "health_status: unhealthy":
                yield return new AlertSignal([AlertKind.Unhealthy], target, true, "reports unhealthy", now);
                break;
            case "health_status: healthy":
                yield return new AlertSignal([AlertKind.Unhealthy], target, false, "reports healthy", now);
                break;
        }
    }

    private void Enqueue(IReadOnlyList<AlertTransition> transitions)
    {
        foreach (var transition in transitions)
        {
            outbox.Writer.TryWrite(transition);
        }
    }

    // The rules as AlertRule values (what the evaluator reads); null until the database is ready.
    private async Task<IReadOnlyList<AlertRule>?> RulesAsync(CancellationToken cancellationToken) =>
        await RuleRowsAsync(cancellationToken) is { } rows ? [.. rows.Values.Select(r => r.ToRule(""))] : null;

    private async Task<IReadOnlyDictionary<int, AlertRuleRow>?> RuleRowsAsync(CancellationToken cancellationToken)
    {
        if (rules is { } known)
        {
            return known;
        }

        if (!databaseStatus.IsReady)
        {
            return null;
        }

        await loadGate.WaitAsync(cancellationToken);
        try
        {
            if (rules is { } loaded)
            {
                return loaded;
            }

            if (!restored)
            {
                // De-duplication survives a restart: what still fired then gets its recovery, not a second firing.
                foreach (var entry in await history.ListLatestPerTargetAsync(cancellationToken))
                {
                    if (entry.State == AlertState.Fired)
                    {
                        evaluator.Restore(entry.RuleId, ToTarget(entry));
                    }
                }

                restored = true;
            }

            var loadedRules = (await ruleRepository.ListAsync(cancellationToken)).ToDictionary(r => r.Id);
            logRules = LogRules(loadedRules.Values);
            return rules = loadedRules;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not read the alert rules; events are not evaluated until they can be read");
            return null;
        }
        finally
        {
            loadGate.Release();
        }
    }

    private async Task DeliverAsync(CancellationToken stoppingToken)
    {
        await foreach (var transition in outbox.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await DeliverOneAsync(transition, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Could not deliver or record alert {Rule} for {Target}", transition.Rule.Name, transition.Target);
            }
        }
    }

    private async Task DeliverOneAsync(AlertTransition transition, CancellationToken cancellationToken)
    {
        if (await RuleRowsAsync(cancellationToken) is not { } rows || !rows.TryGetValue(transition.Rule.Id, out var row))
        {
            return; // deleted since it fired
        }

        var url = await secrets.UnprotectAsync(row.WebhookUrl, cancellationToken);
        var delivery = await sender.SendAsync(url, row.WebhookKind, AlertNotice.From(transition), cancellationToken);
        var target = transition.Target;
        await history.InsertAsync(new AlertHistoryEntry
        {
            At = transition.At.UtcDateTime,
            RuleId = row.Id,
            RuleName = row.Name,
            Kind = row.Kind,
            State = transition.State,
            Target = target.ToString(),
            TargetKey = target.Key,
            NodeName = target.NodeName,
            Application = target.Application ?? "",
            Service = target.ServiceName,
            Message = transition.Message,
            Delivery = delivery.Result,
            DeliveryDetail = delivery.Detail.Length <= 255 ? delivery.Detail : delivery.Detail[..255],
            Attempts = delivery.Attempts,
        }, cancellationToken);
        bus.Publish(new AlertRecorded(row.Id, transition.State, target.Application ?? "", target.Server ?? ""));
    }
}
