using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Follows each node's engine event stream (one per node, through the <see cref="DockerClientPool"/>, reconnecting with
/// back-off) for the containers of Tars services (label <c>tars.app</c>): a start records the pid and <c>active</c>, an
/// exit records <c>inactive</c> with the exit code in the journal, and <see cref="ServiceChanged"/> tells open pages.
/// Every container's lifecycle (any container, labelled or not) is published as <see cref="ContainerChanged"/>, so lists
/// of containers stay current from this one stream. States go through <see cref="ServiceStateWriter"/>, which writes
/// nothing on a node a tarsnode owns; nodes registered without an engine are not watched. With several dashboard
/// instances on one database only the leader (<see cref="TarsDashboard.Core.Cluster.LeaderElection"/>) watches; the
/// others show states from the database and, through the event fan-out, the leader's events.
/// </summary>
public sealed class EngineEventWatcher : BackgroundService
{
    private readonly NodeRepository nodes;
    private readonly ServerConfRepository servers;
    private readonly ServiceStateWriter stateWriter;
    private readonly DockerClientPool clients;
    private readonly JournalLog journal;
    private readonly LiveEventBus bus;
    private readonly DatabaseStatus databaseStatus;
    private readonly ILogger<EngineEventWatcher> logger;
    private readonly TimeProvider clock;
    private readonly TarsDashboard.Core.Cluster.LeaderElection leader;
    private readonly EngineCursorRepository cursors;

    internal EngineEventWatcher(
        NodeRepository nodes,
        ServerConfRepository servers,
        ServiceStateWriter stateWriter,
        DockerClientPool clients,
        JournalLog journal,
        LiveEventBus bus,
        DatabaseStatus databaseStatus,
        ILogger<EngineEventWatcher> logger,
        TimeProvider clock,
        TarsDashboard.Core.Cluster.LeaderElection leader,
        EngineCursorRepository cursors)
    {
        this.cursors = cursors;
        this.leader = leader;
        this.clock = clock;
        this.nodes = nodes;
        this.servers = servers;
        this.stateWriter = stateWriter;
        this.clients = clients;
        this.journal = journal;
        this.bus = bus;
        this.databaseStatus = databaseStatus;
        this.logger = logger;
    }

    private static readonly TimeSpan NodeListInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(30);

    // A cursor older than this is not resumed from: the dashboard was away long enough that replaying the engine's
    // backlog would only repeat history; the states are read afresh from what happens next.
    private static readonly TimeSpan MaxResume = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (NodeRow Node, CancellationTokenSource Stop, Task Loop)> _watches = new(StringComparer.Ordinal);

    // Containers someone asked to stop (the engine reports "kill" before "die"): their exit is not a failure.
    private readonly ConcurrentDictionary<string, DateTime> _killed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, ServiceExit> _unexpectedExits = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _watching = new(StringComparer.Ordinal);

    /// <summary>Raised after each start or exit of a service container was handled (tests await it instead of sleeping).</summary>
    public event Action<EngineEventSeen>? EventSeen;

    /// <summary>How the instance's container last ended when nobody stopped it (non-zero exit code), until it starts again.</summary>
    public ServiceExit? LastUnexpectedExit(int serverId) => _unexpectedExits.TryGetValue(serverId, out var exit) ? exit : null;

    /// <summary>
    /// Completes once <paramref name="nodeName"/>'s events are followed: every container event on that engine from
    /// then on is handled (tests await it instead of sleeping until the watcher has caught up).
    /// </summary>
    public Task WhenWatchingAsync(string nodeName, CancellationToken cancellationToken = default) =>
        Watching(nodeName).Task.WaitAsync(cancellationToken);

    private TaskCompletionSource Watching(string nodeName) =>
        _watching.GetOrAdd(nodeName, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    // Only the leader follows the engines: two instances would record every state twice and publish every event twice.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leader.RunWhileLeaderAsync(WatchAllAsync, stoppingToken);

    private async Task WatchAllAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // Until the start-up migration is done there may be no node table to read.
                    if (databaseStatus.IsReady)
                    {
                        await RefreshNodesAsync(stoppingToken);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Could not read the node list for engine events");
                }

                await Task.Delay(NodeListInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var watch in _watches.Values)
            {
                await watch.Stop.CancelAsync();
            }

            await Task.WhenAll(_watches.Values.Select(w => w.Loop));
            foreach (var watch in _watches.Values)
            {
                watch.Stop.Dispose();
            }

            // The next term starts from nothing: every node is watched again, and waiting for it means waiting anew.
            _watches.Clear();
            foreach (var (node, watching) in _watching)
            {
                if (watching.Task.IsCompleted)
                {
                    _watching.TryRemove(new KeyValuePair<string, TaskCompletionSource>(node, watching));
                }
            }
        }
    }

    private async Task RefreshNodesAsync(CancellationToken stoppingToken)
    {
        var all = (await nodes.ListAsync(stoppingToken)).Where(n => n.HasEngine).ToList();
        foreach (var node in all)
        {
            if (_watches.TryGetValue(node.NodeName, out var existing) && existing.Node.Endpoint == node.Endpoint && existing.Node.TlsCertPath == node.TlsCertPath)
            {
                continue;
            }

            if (existing.Stop is not null)
            {
                await existing.Stop.CancelAsync();
            }

            var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _watches[node.NodeName] = (node, stop, Task.Run(() => WatchAsync(node, stop.Token), CancellationToken.None));
        }

        foreach (var gone in _watches.Keys.Where(k => all.All(n => n.NodeName != k)).ToList())
        {
            if (_watches.TryRemove(gone, out var watch))
            {
                await watch.Stop.CancelAsync();
                _watching.TryRemove(gone, out _);
            }
        }
    }

    private async Task WatchAsync(NodeRow node, CancellationToken cancellationToken)
    {
        var backOff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var parameters = new ContainerEventsParameters
                {
                    Filters = new Dictionary<string, IDictionary<string, bool>>
                    {
                        ["type"] = new Dictionary<string, bool> { ["container"] = true },
                        // Lifecycle only: exec and attach events (every log file listing execs) would flood the stream.
                        ["event"] = ContainerChanged.Actions.Append("kill").Concat(ServiceContainerEvent.ExtraActions).ToDictionary(a => a, _ => true),
                    },
                };
                var client = clients.For(node);
                // The engine replays events from "since" (its own clock, so skew does not matter): whatever happens
                // after this point is seen even if the stream below attaches a moment later, so the node counts as
                // watched from here on.
                var engineNow = await EngineNowAsync(client, cancellationToken);
                parameters.Since = await ResumeAsync(node.NodeName, engineNow, cancellationToken) ?? ToUnixSeconds(engineNow);
                Watching(node.NodeName).TrySetResult();
                var pending = Channel();
                var progress = new Progress<Message>(message => pending.Writer.TryWrite(message));
                var reader = HandleAsync(node, pending.Reader, cancellationToken);
                try
                {
                    await client.System.MonitorEventsAsync(parameters, progress, cancellationToken);
                }
                finally
                {
                    pending.Writer.TryComplete();
                    await reader;
                }

                backOff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogDebug(exception, "Engine events of {Node} interrupted; retrying in {BackOff}", node.NodeName, backOff);
            }

            try
            {
                await Task.Delay(backOff, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, MaxBackOff.Ticks));
        }
    }

    // Right after the last event handled on this node (by this instance or a leader before it), when that is recent:
    // events of a failover or a reconnect are replayed by the engine, none twice.
    private async Task<string?> ResumeAsync(string nodeName, DateTimeOffset engineNow, CancellationToken cancellationToken)
    {
        long? cursor;
        try
        {
            cursor = await cursors.GetAsync(nodeName, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogDebug(exception, "No engine event cursor for {Node}", nodeName);
            return null;
        }

        if (cursor is not { } last || last <= 0)
        {
            return null;
        }

        var lastAt = DateTimeOffset.UnixEpoch.AddTicks(last / 100);
        if (engineNow - lastAt > MaxResume || lastAt > engineNow)
        {
            return null;
        }

        var next = last + 1;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{next / 1_000_000_000}.{next % 1_000_000_000:D9}");
    }

    private async Task<DateTimeOffset> EngineNowAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        var info = await client.System.GetSystemInfoAsync(cancellationToken);
        return DateTimeOffset.TryParse(info.SystemTime, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : clock.GetUtcNow();
    }

    // Seconds with nanoseconds, as the engine's "since" takes them.
    private static string ToUnixSeconds(DateTimeOffset at)
    {
        var ticks = (at - DateTimeOffset.UnixEpoch).Ticks;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond * 100:D9}");
    }

    private static System.Threading.Channels.Channel<Message> Channel() =>
        System.Threading.Channels.Channel.CreateUnbounded<Message>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

    // Events are handled one at a time, in order, so a quick die/start pair is recorded in the order it happened.
    private async Task HandleAsync(NodeRow node, System.Threading.Channels.ChannelReader<Message> reader, CancellationToken cancellationToken)
    {
        await foreach (var message in reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                // Read before HandleOneAsync consumes the kill mark.
                var stoppedOnRequest = message.Actor?.ID is { } actorId && _killed.ContainsKey(actorId);
                var written = await HandleOneAsync(node, message, cancellationToken);
                PublishServiceEvent(node, message, stoppedOnRequest);
                if (message.Action is "start" or "die" && message.Actor?.ID is { } id && IsServiceContainer(message))
                {
                    EventSeen?.Invoke(new EngineEventSeen(node.NodeName, id, message.Action, written));
                }

                if (ContainerChanged.Actions.Contains(message.Action) && message.Actor?.Attributes?.TryGetValue("name", out var name) == true)
                {
                    bus.Publish(new ContainerChanged(node.NodeName, name, message.Action));
                }

                await AdvanceCursorAsync(node.NodeName, message, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not record engine event {Action} on {Node}", message.Action, node.NodeName);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task AdvanceCursorAsync(string nodeName, Message message, CancellationToken cancellationToken)
    {
        if (message.TimeNano is not { } timeNano || timeNano <= 0)
        {
            return;
        }

        try
        {
            await cursors.AdvanceAsync(nodeName, timeNano, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Only a resume after this is less exact: it may replay this event once more.
            logger.LogDebug(exception, "Engine event cursor of {Node} not advanced", nodeName);
        }
    }

    private void PublishServiceEvent(NodeRow node, Message message, bool stoppedOnRequest)
    {
        if ((message.Action is not ("start" or "die" or "oom") && message.Action?.StartsWith("health_status", StringComparison.Ordinal) != true)
            || message.Actor is not { ID: { } id, Attributes: { } attributes }
            || !attributes.TryGetValue(ServiceContainerLabels.Application, out var application)
            || !attributes.TryGetValue(ServiceContainerLabels.Server, out var serverName))
        {
            return;
        }

        var exitCode = message.Action == "die" && attributes.TryGetValue("exitCode", out var code) ? code : null;
        bus.Publish(new ServiceContainerEvent(node.NodeName, application, serverName, id, message.Action, exitCode, stoppedOnRequest));
    }

    // True when it wrote the instance's state.
    private async Task<bool> HandleOneAsync(NodeRow node, Message message, CancellationToken cancellationToken)
    {
        if (!IsServiceContainer(message))
        {
            return false;
        }

        if (message.Action == "kill" && message.Actor?.ID is { } killedId)
        {
            _killed[killedId] = clock.GetUtcNow().UtcDateTime;
            return false;
        }

        if (message.Action is not ("start" or "die") || message.Actor?.Attributes is not { } attributes
            || !attributes.TryGetValue(ServiceContainerLabels.Application, out var application)
            || !attributes.TryGetValue(ServiceContainerLabels.Server, out var serverName))
        {
            return false;
        }

        var row = await servers.FindAsync(application, serverName, node.NodeName, cancellationToken);
        if (row is null)
        {
            return false;
        }

        // Only the service's current container counts: the old one of a restart dies after the new one exists.
        ContainerInspectResponse current;
        try
        {
            current = await clients.For(node).Containers.InspectContainerAsync(row.ServiceId, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            current = new ContainerInspectResponse { ID = "" };
        }

        if (message.Action == "start")
        {
            if (current.ID != message.Actor.ID || current.State is not { Running: true })
            {
                return false;
            }

            _unexpectedExits.TryRemove(row.Id, out _);
            return await SetStateAsync(row, PresentStates.Active, (int)current.State.Pid, cancellationToken);
        }

        var exitCode = attributes.TryGetValue("exitCode", out var code) ? code : "?";
        var stopped = _killed.TryRemove(message.Actor.ID, out _);
        journal.Write(node.NodeName, row.ServiceId, $"container exited with code {exitCode}",
            exitCode == "0" || stopped ? LogSeverity.Info : LogSeverity.Warn);
        if (current.ID == message.Actor.ID || (current.ID.Length == 0 && row.ProcessId != 0))
        {
            if (!stopped && exitCode != "0")
            {
                _unexpectedExits[row.Id] = new ServiceExit(exitCode, clock.GetUtcNow().UtcDateTime);
            }

            return await SetStateAsync(row, PresentStates.Inactive, 0, cancellationToken);
        }

        return false;
    }

    // The dashboard's service containers carry the tars.app label; only their events record states.
    private static bool IsServiceContainer(Message message) =>
        message.Actor?.Attributes?.ContainsKey(ServiceContainerLabels.Application) == true;

    private async Task<bool> SetStateAsync(ServerConfRow row, string presentState, int processId, CancellationToken cancellationToken)
    {
        if (row.PresentState == presentState && row.ProcessId == processId)
        {
            return false;
        }

        return await stateWriter.WriteAsync(row, presentState, processId, command: null, changedBy: "engine", cancellationToken);
    }
}
