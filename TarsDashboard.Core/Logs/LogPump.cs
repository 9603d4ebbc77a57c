using Docker.DotNet;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// The producer of one engine source's lines (a container's log stream, a file followed by exec), run by
/// <see cref="LogStreamManager"/> while anyone watches. It reads its history first, then follows, reconnecting with
/// back-off and resuming where it left off until cancelled. Engine trouble never ends it: it is shown to the viewers
/// as System lines, once per change of state.
/// </summary>
internal abstract class LogPump(LogSourceId id, NodeRepository nodes, DockerClientPool pool, LogOptions options, ILogger logger,
    TimeProvider clock)
{
    /// <summary>The clock the sources read; passed on so subclasses need not capture it twice.</summary>
    protected TimeProvider Clock => clock;

    private readonly TaskCompletionSource _historyRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _problem;
    private TimeZoneInfo? _fileTimeZone;

    public LogSourceId Id { get; } = id;

    /// <summary>Completes once the history is in the buffer, or could not be read, so a viewer's "last N lines" are exact.</summary>
    public Task HistoryRead => _historyRead.Task;

    protected LogOptions Options { get; } = options;

    protected ILogger Logger { get; } = logger;

    protected TimeSpan PollInterval => TimeSpan.FromSeconds(Options.ContainerPollSeconds);

    protected RetryDelay Retry { get; } = new(TimeSpan.FromSeconds(options.MaxRetrySeconds));

    /// <summary>Follows until <paramref name="cancellationToken"/> fires: each failure is reported and retried with back-off.</summary>
    public async Task RunAsync(LogSourceWriter writer, LogHistory history, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await FollowOnceAsync(writer, history, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (DockerContainerNotFoundException)
            {
                MarkHistoryRead();
                Report(writer, $"Container {Id.Container} does not exist on {Id.Node}; waiting for it.", LogSeverity.Warn);
                wait = PollInterval;
            }
            catch (Exception exception)
            {
                // Engine down, connection reset, malformed stream: never fatal, the loop retries.
                MarkHistoryRead();
                Logger.LogInformation(exception, "Following {Source} failed", Id);
                Report(writer, LostMessage(exception), LogSeverity.Error);
                wait = Retry.Next();
            }

            if (!await WaitAsync(wait, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        MarkHistoryRead();
    }

    /// <summary>Reads the history once, then follows until the stream ends; returns how long to wait before the next attempt.</summary>
    protected abstract Task<TimeSpan> FollowOnceAsync(LogSourceWriter writer, LogHistory history, CancellationToken cancellationToken);

    /// <summary>What the viewers read when the source was lost (the reason is already described for people).</summary>
    protected abstract string LostMessage(Exception exception);

    protected void MarkHistoryRead() => _historyRead.TrySetResult();

    /// <summary>The shared client of the source's node, or null (reported) when the node is not registered.</summary>
    protected async Task<IDockerClient?> ClientAsync(LogSourceWriter writer, CancellationToken cancellationToken)
    {
        var node = await nodes.GetAsync(Id.Node, cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            Report(writer, $"Node '{Id.Node}' is not registered; waiting for it.", LogSeverity.Warn);
            return null;
        }

        return pool.For(node);
    }

    /// <summary>
    /// The zone of the stamps in this source's text (<see cref="NodeTimeZone"/>): asked once, and again only while the
    /// engine has not answered.
    /// </summary>
    protected async Task<TimeZoneInfo> FileTimeZoneAsync(CancellationToken cancellationToken)
    {
        if (_fileTimeZone is { } known)
        {
            return known;
        }

        var node = await nodes.GetAsync(Id.Node, cancellationToken).ConfigureAwait(false);
        _fileTimeZone = await NodeTimeZone.ForNodeAsync(node, pool, Options, Logger, cancellationToken).ConfigureAwait(false);
        return _fileTimeZone ?? TimeZoneInfo.Local;
    }

    /// <summary>Shows a problem once, however often the retry loop meets it again.</summary>
    protected void Report(LogSourceWriter writer, string problem, LogSeverity level)
    {
        if (problem == _problem)
        {
            return;
        }

        _problem = problem;
        Logger.LogInformation("Log source {Source}: {Problem}", Id, problem);
        writer.AppendSystem(problem, level);
    }

    /// <summary>Streaming works again: says so when a problem had been shown.</summary>
    protected void Recovered(LogSourceWriter writer, string message)
    {
        if (_problem is null)
        {
            return;
        }

        _problem = null;
        writer.AppendSystem(message);
    }

    /// <summary>
    /// What went wrong, in words fit for every viewer of the source: developers may watch a service's logs, so the
    /// engine's address and internals stay in the server log.
    /// </summary>
    protected static string Describe(Exception exception) => exception switch
    {
        DockerApiException api => $"the engine answered {(int)api.StatusCode} {api.StatusCode}",
        HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException => "the engine is unreachable",
        InvalidDataException => "the engine sent a malformed stream",
        _ => exception.GetType().Name,
    };

    /// <summary>Waits before the next attempt; false when the source is being stopped.</summary>
    protected async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
