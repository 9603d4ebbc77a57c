using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// The one place log sources are opened. Checks the caller's grants (<see cref="LogSourceAccess"/>), keeps ONE
/// running engine stream (or framework poller, for Tars logs) per source with its bounded ring buffer however many
/// viewers it has, shares that buffer among them, and stops the stream some seconds after the last viewer leaves.
/// Journals need no stream; their buffers live in <see cref="JournalLog"/>.
/// </summary>
public sealed class LogStreamManager : IAsyncDisposable
{
    private readonly AccessControl access;
    private readonly NodeRepository nodes;
    private readonly DockerClientPool pool;
    private readonly JournalLog journal;
    private readonly TarsLogChannel tarsLogs;
    private readonly IOptions<LogOptions> options;
    private readonly ILogger<LogStreamManager> logger;
    private readonly TimeProvider clock;

    internal LogStreamManager(
        AccessControl access,
        NodeRepository nodes,
        DockerClientPool pool,
        JournalLog journal,
        TarsLogChannel tarsLogs,
        IOptions<LogOptions> options,
        ILogger<LogStreamManager> logger,
        TimeProvider clock)
    {
        this.clock = clock;
        this.access = access;
        this.nodes = nodes;
        this.pool = pool;
        this.journal = journal;
        this.tarsLogs = tarsLogs;
        this.options = options;
        this.logger = logger;
    }

    // A resuming viewer's cursor is a line's time (LogSourceWriter); history is read from a little before it so
    // lines numbered just after it in a burst are not cut off.
    private static readonly TimeSpan ResumeMargin = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<LogSourceId, RunningLogSource> _sources = [];
    private bool _disposed;

    private LogOptions Options => options.Value;

    /// <summary>Engine streams running now (including those waiting out their linger time).</summary>
    public int ActiveSourceCount
    {
        get
        {
            lock (_gate)
            {
                return _sources.Count;
            }
        }
    }

    /// <summary>Whether an engine stream for <paramref name="id"/> is running.</summary>
    public bool IsRunning(LogSourceId id)
    {
        lock (_gate)
        {
            return _sources.ContainsKey(id);
        }
    }

    /// <summary>
    /// Checks the caller's grant for the source, starts its engine stream unless one runs, waits for its history, and
    /// returns a subscription positioned as <paramref name="follow"/> asks (by default the last 1,000 lines).
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller's grants do not cover the source.</exception>
    public async Task<LogSubscription> OpenAsync(Caller caller, LogSourceId id, LogFollowOptions? follow = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        follow ??= new LogFollowOptions();
        var needs = LogSourceAccess.Required(id, Options.ServiceLogRoot);
        await access.DemandAsync(caller, needs.Permission, needs.Target, cancellationToken).ConfigureAwait(false);
        var source = Acquire(id, follow);
        try
        {
            try
            {
                await source.HistoryRead.WaitAsync(TimeSpan.FromSeconds(Options.HistoryTimeoutSeconds), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A slow engine: follow whatever has arrived and what comes next.
            }

            return new LogSubscription(this, source, StartCursor(source.Buffer, follow), access, caller, needs,
                TimeSpan.FromSeconds(Options.GrantRefreshSeconds), clock);
        }
        catch
        {
            Release(source);
            throw;
        }
    }

    /// <summary>
    /// The log files of a service instance where they live: on a node a tarsnode owns (or one the dashboard does not
    /// know, or without an engine) as tarsnode lists them through the framework (<see cref="ListTarsLogFilesAsync"/>),
    /// else inside its container through the node's engine (<see cref="ListServiceLogFilesAsync"/>).
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller may not tail the service's logs.</exception>
    public async Task<IReadOnlyList<LogFileInfo>> ListLogFilesOfServiceAsync(Caller caller, string node, string application, string server,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var row = await nodes.GetAsync(node, cancellationToken).ConfigureAwait(false);
        return row is { HasEngine: true, IsTarsnodeManaged: false }
            ? await ListServiceLogFilesAsync(caller, node, application, server, cancellationToken).ConfigureAwait(false)
            : await ListTarsLogFilesAsync(caller, node, application, server, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>*.log</c> files of a service (<c>&lt;root&gt;/App/Server/</c> in its container on the node), to follow with <see cref="OpenAsync"/>.</summary>
    /// <exception cref="AccessDeniedException">The caller may not tail the service's logs.</exception>
    public async Task<IReadOnlyList<LogFileInfo>> ListServiceLogFilesAsync(Caller caller, string node, string application, string server,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var container = $"{application}.{server}";
        if (!LogSourceId.TryParseServiceName(container, out _, out _))
        {
            throw new ArgumentException($"'{container}' is not a Tars service name (App.Server).");
        }

        var id = LogSourceId.ForContainer(node, container);
        var needs = LogSourceAccess.Required(id, Options.ServiceLogRoot);
        await access.DemandAsync(caller, needs.Permission, needs.Target, cancellationToken).ConfigureAwait(false);
        var row = await nodes.GetAsync(node, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Node '{node}' is not registered.");
        var directory = $"{Options.ServiceLogRoot.TrimEnd('/')}/{application}/{server}";
        return await ContainerFileLogSource.ListLogFilesAsync(pool.For(row), node, container, directory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The log files tarsnode lists for <c>App.Server</c> on a Tars node (<c>getLogFileList</c> through the framework),
    /// as <c>tarslog:</c> sources to follow with <see cref="OpenAsync"/>, sorted by name. For tarsnode's own folder
    /// (<c>tars</c>, <c>tarsnode</c>) only the files the caller may open are listed (a developer sees the per-service logs
    /// of their services).
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller may not tail the service's logs.</exception>
    /// <exception cref="Framework.FrameworkNotConfiguredException">No Tars framework is configured.</exception>
    /// <exception cref="Tars.Rpc.TarsCallException">The framework did not answer.</exception>
    /// <exception cref="Framework.FrameworkUnreachableException">tarsAdminRegistry could not be found.</exception>
    /// <exception cref="IOException">tarsnode answered an error code.</exception>
    public async Task<IReadOnlyList<LogFileInfo>> ListTarsLogFilesAsync(Caller caller, string node, string application, string server,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var tarsnode = LogSourceAccess.IsTarsnode(application, server);
        // In tarsnode's folder each file has its own rule, applied below; anyone with a grant may ask for the list.
        (Permission Permission, AccessTarget Target) needs = tarsnode
            ? (Permission.ViewShared, AccessTarget.Global)
            : LogSourceAccess.Required(LogSourceId.ForTarsLog(node, application, server, $"{application}.{server}.log"));
        await access.DemandAsync(caller, needs.Permission, needs.Target, cancellationToken).ConfigureAwait(false);
        var listed = await tarsLogs.ListFilesAsync(node, application, server, cancellationToken).ConfigureAwait(false);
        if (listed.Ret != 0)
        {
            throw new IOException($"tarsnode on {node} could not list the log files of {application}.{server} "
                + $"({Tars.AdminRegistry.TarsErrCode.NameOf(listed.Ret)}).");
        }

        var grants = tarsnode ? await access.LoadGrantsAsync(caller, cancellationToken).ConfigureAwait(false) : null;
        var files = new List<LogFileInfo>();
        // A name the id rules refuse cannot be followed (and must not reach tarsnode's shell), so it is not offered.
        foreach (var name in listed.Files.Where(LogSourceId.IsLogFileName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var id = LogSourceId.ForTarsLog(node, application, server, name);
            var fileNeeds = LogSourceAccess.Required(id);
            if (grants is null || AccessControl.IsAllowed(grants, fileNeeds.Permission, fileNeeds.Target))
            {
                files.Add(new LogFileInfo(name, id));
            }
        }

        return files;
    }

    /// <summary>
    /// The source's whole log from its start, for a download: checks the caller's grant and resolves the node now,
    /// then reads in batches while enumerated (a container's every line, a file from its first byte, a journal's rows).
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller's grants do not cover the source.</exception>
    /// <exception cref="InvalidOperationException">The source's node is not registered.</exception>
    /// <exception cref="KeyNotFoundException">The source's container does not exist.</exception>
    public Task<IAsyncEnumerable<IReadOnlyList<LogLine>>> OpenFullAsync(Caller caller, LogSourceId id, CancellationToken cancellationToken = default) =>
        OpenReadAsync(caller, id, range: null, cancellationToken);

    /// <summary>
    /// Searches a source's history over a time range, beyond what its ring buffer holds: the engine's log cut to the
    /// range, or the file (or Tars log) read from its start. Batches of matches stream as they are found, with the
    /// count and progress; the search stops at the query's match limit, when the range is read, or when cancelled.
    /// Grants and "not found" are checked before the first batch, as for <see cref="OpenFullAsync"/>.
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller's grants do not cover the source.</exception>
    /// <exception cref="InvalidOperationException">The source's node is not registered.</exception>
    /// <exception cref="KeyNotFoundException">The source's container or Tars log does not exist.</exception>
    public async Task<IAsyncEnumerable<LogRangeBatch>> SearchRangeAsync(Caller caller, LogSourceId id, LogRangeQuery query,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var lines = await OpenReadAsync(caller, id, query.Range, cancellationToken).ConfigureAwait(false);
        return LogRangeScanner.ScanAsync(lines, query, stopPastEnd: id.Kind != LogSourceKind.Container, cancellationToken);
    }

    // Everything a source keeps, read once from its start; only a container's engine can cut to a range itself.
    private async Task<IAsyncEnumerable<IReadOnlyList<LogLine>>> OpenReadAsync(Caller caller, LogSourceId id, LogTimeRange? range,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        var needs = LogSourceAccess.Required(id, Options.ServiceLogRoot);
        await access.DemandAsync(caller, needs.Permission, needs.Target, cancellationToken).ConfigureAwait(false);
        if (id.Kind is LogSourceKind.NodeJournal or LogSourceKind.ServiceJournal)
        {
            return new[] { journal.Read(id) }.ToAsyncEnumerable();
        }

        if (id.Kind == LogSourceKind.TarsLog)
        {
            var tarsNode = await nodes.GetAsync(id.Node, cancellationToken).ConfigureAwait(false);
            var tarsZone = await FileTimeZoneAsync(tarsNode, cancellationToken).ConfigureAwait(false);
            return await FullLogReader.OpenTarsLogAsync(tarsLogs, id, tarsZone, cancellationToken).ConfigureAwait(false);
        }

        var row = await nodes.GetAsync(id.Node, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Node '{id.Node}' is not registered.");
        var client = pool.For(row);
        try
        {
            // Asked now, so a download of a container that is not there can still be answered "not found".
            await client.Containers.InspectContainerAsync(id.Container, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            throw new KeyNotFoundException($"Container {id.Container} does not exist on {id.Node}.");
        }

        return id.Kind == LogSourceKind.Container
            ? FullLogReader.ReadContainerAsync(client, id, range, cancellationToken)
            : await ReadFileAsync(client, row, id, range, cancellationToken).ConfigureAwait(false);
    }

    // A download reads the whole file; a search of a large one starts near its range (FileTimeSeek).
    private async Task<IAsyncEnumerable<IReadOnlyList<LogLine>>> ReadFileAsync(IDockerClient client, NodeRow row, LogSourceId id, LogTimeRange? range,
        CancellationToken cancellationToken)
    {
        var zone = await FileTimeZoneAsync(row, cancellationToken).ConfigureAwait(false);
        FileStart? start = null;
        if (range is not null)
        {
            try
            {
                start = await FileTimeSeek.StartAsync(client, id, zone, range.From, Options.FileSeekMinMegabytes * 1024L * 1024,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Reading from the start is always right, only slower.
                logger.LogDebug(exception, "Could not seek in {Source}; searching it from its start", id);
            }
        }

        return FullLogReader.ReadFileAsync(client, id, zone, strict: range is not null, cancellationToken, start);
    }

    // The zone of the stamps in a node's files (NodeTimeZone); the dashboard's while its engine does not answer.
    private async Task<TimeZoneInfo> FileTimeZoneAsync(NodeRow? node, CancellationToken cancellationToken) =>
        await NodeTimeZone.ForNodeAsync(node, pool, Options, logger, cancellationToken).ConfigureAwait(false) ?? TimeZoneInfo.Local;

    public async ValueTask DisposeAsync()
    {
        List<RunningLogSource> running;
        lock (_gate)
        {
            _disposed = true;
            running = [.. _sources.Values];
            _sources.Clear();
        }

        await Task.WhenAll(running.Select(StopAsync)).ConfigureAwait(false);
    }

    /// <summary>A viewer left; the last one schedules the stop.</summary>
    internal void Release(RunningLogSource source)
    {
        if (source.Pump is null)
        {
            return;
        }

        CancellationTokenSource linger;
        lock (_gate)
        {
            if (--source.Viewers > 0 || _disposed)
            {
                return;
            }

            linger = new CancellationTokenSource();
            source.Linger = linger;
        }

        _ = StopLaterAsync(source, linger.Token);
    }

    private RunningLogSource Acquire(LogSourceId id, LogFollowOptions follow)
    {
        if (id.Kind is LogSourceKind.NodeJournal or LogSourceKind.ServiceJournal)
        {
            return new RunningLogSource(id, journal.For(id), pump: null);
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_sources.TryGetValue(id, out var source))
            {
                source = Start(id, follow);
                _sources.Add(id, source);
            }

            source.Viewers++;
            source.Linger?.Cancel();
            source.Linger = null;
            return source;
        }
    }

    private RunningLogSource Start(LogSourceId id, LogFollowOptions follow)
    {
        var isContainer = id.Kind == LogSourceKind.Container;
        var writer = new LogSourceWriter(new LogRingBuffer(id.ToString(), Options.BufferCapacity), keyedByTimestamp: isContainer, clock);
        LogPump pump = id.Kind switch
        {
            LogSourceKind.Container => new ContainerLogSource(id, nodes, pool, Options, logger, clock),
            LogSourceKind.TarsLog => new TarsLogSource(id, tarsLogs, nodes, pool, Options, logger, clock),
            _ => new ContainerFileLogSource(id, nodes, pool, Options, logger, clock),
        };
        var source = new RunningLogSource(id, writer, pump);
        var history = HistoryFor(id, follow);
        var stopping = source.Stopping.Token;
        source.Running = Task.Run(() => pump.RunAsync(writer, history, stopping), CancellationToken.None);
        logger.LogDebug("Started log source {Source}", id);
        return source;
    }

    private LogHistory HistoryFor(LogSourceId id, LogFollowOptions follow)
    {
        var capacity = Options.BufferCapacity;
        if (id.Kind == LogSourceKind.Container)
        {
            var now = LogSourceWriter.ToMicroseconds(clock.GetUtcNow());
            if (follow.AfterSequence is { } after && after > LogSourceWriter.ToMicroseconds(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))
                && after < now + TimeSpan.FromDays(1).Ticks / 10)
            {
                return new LogHistory(capacity, LogSourceWriter.FromMicroseconds(after) - ResumeMargin);
            }

            if (follow.Since is { } since)
            {
                return new LogHistory(capacity, since);
            }
        }

        return new LogHistory(Math.Clamp(Math.Max(follow.TailLines, Options.InitialTailLines), 0, capacity));
    }

    private static long StartCursor(LogRingBuffer buffer, LogFollowOptions follow)
    {
        if (follow.AfterSequence is { } after)
        {
            return Math.Max(0, after);
        }

        if (follow.Since is { } since)
        {
            var lines = buffer.ReadSince(since);
            return lines.Count > 0 ? lines[0].Sequence - 1 : buffer.LastSequence;
        }

        var snapshot = follow.TailLines > 0 ? buffer.Snapshot(follow.TailLines) : [];
        return snapshot.Count > 0 ? snapshot[0].Sequence - 1 : buffer.LastSequence;
    }

    private async Task StopLaterAsync(RunningLogSource source, CancellationToken linger)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(Options.LingerSeconds), clock, linger).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // a viewer came back
        }

        lock (_gate)
        {
            if (linger.IsCancellationRequested || source.Viewers > 0 || !_sources.Remove(source.Id))
            {
                return;
            }
        }

        await StopAsync(source).ConfigureAwait(false);
    }

    private async Task StopAsync(RunningLogSource source)
    {
        await source.Stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await source.Running.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Log source {Source} failed while stopping", source.Id);
        }

        source.Stopping.Dispose();
        logger.LogDebug("Stopped log source {Source}", source.Id);
    }
}
