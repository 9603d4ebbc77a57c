using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Protocol;
using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Follows a Tars log file on a Tars node through the framework (<c>tarslog:</c> sources): a <see cref="TarsLogPoller"/>
/// run every <see cref="LogOptions.TarsPollSeconds"/> over <see cref="TarsLogChannel"/>. No framework configured, the
/// framework unreachable, or the file not there are shown to the viewers once per change of state and retried (with
/// back-off for failures), as engine sources do.
/// </summary>
internal sealed class TarsLogSource(LogSourceId id, TarsLogChannel channel, NodeRepository nodes, DockerClientPool pool, LogOptions options,
    ILogger logger, TimeProvider clock) : LogPump(id, nodes, pool, options, logger, clock)
{
    // 8 MB per poll at most; a file further ahead is read on at once, in the next poll.
    private const int MaxReadsPerPoll = 8;

    // Made at the first poll, once the node's time zone is known.
    private TarsLogPoller? _poller;

    private string Describing => $"{Id.LogFile} of {Id.Application}.{Id.Server} on {Id.Node}";

    private TimeSpan TarsPollInterval => TimeSpan.FromSeconds(Options.TarsPollSeconds);

    protected override string LostMessage(Exception exception) => $"Lost {Describing} ({DescribeTars(exception)}); retrying.";

    protected override async Task<TimeSpan> FollowOnceAsync(LogSourceWriter writer, LogHistory history, CancellationToken cancellationToken)
    {
        if (!await channel.IsConfiguredAsync(cancellationToken).ConfigureAwait(false))
        {
            MarkHistoryRead();
            Report(writer, $"No Tars framework is configured (Framework:Locator), so {Describing} cannot be read; waiting for one.",
                LogSeverity.Warn);
            return Retry.Next();
        }

        var lines = new List<LogLine>();
        TarsLogPoll poll;
        try
        {
            _poller ??= new TarsLogPoller(Id.ToString(), await FileTimeZoneAsync(cancellationToken).ConfigureAwait(false));
            poll = await _poller.PollAsync((command, token) => channel.ReadAsync(Id, command, token), lines, history.TailLines,
                MaxReadsPerPoll, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Lines read before a failure are kept: the poller's offset is past them.
            writer.Append(lines);
        }

        if (poll.Outcome == TarsLogPollOutcome.Refused)
        {
            MarkHistoryRead();
            if (poll.Ret == TarsErrCode.Unknown)
            {
                // tarsnode's getLogData answers -1 when the file is not there (not yet written, or between two rolls).
                Report(writer, $"{Describing} does not exist (tarsnode answered -1); waiting for it.", LogSeverity.Warn);
                return TarsPollInterval;
            }

            Report(writer, $"tarsnode could not read {Describing} ({TarsErrCode.NameOf(poll.Ret)}); retrying.", LogSeverity.Error);
            return Retry.Next();
        }

        MarkHistoryRead();
        Retry.Reset();
        Recovered(writer, $"Following {Describing} again.");
        if (poll.Outcome == TarsLogPollOutcome.Restarted)
        {
            writer.AppendSystem($"{Describing} was truncated or rolled over; reading it again from its start.", LogSeverity.Warn);
            return TimeSpan.Zero;
        }

        return poll.Behind ? TimeSpan.Zero : TarsPollInterval;
    }

    /// <summary>What went wrong with the framework, in words fit for every viewer (its addresses stay in the server log).</summary>
    private static string DescribeTars(Exception exception) => exception switch
    {
        FrameworkNotConfiguredException => "no usable Framework:Locator",
        FrameworkUnreachableException => "the framework is unreachable",
        TarsUnreachableException => "the framework is unreachable",
        TarsTimeoutException => "the framework did not answer in time",
        TarsConnectionLostException => "the connection to the framework was lost",
        TarsFrameworkException framework => $"the framework answered {TarsReturnCode.NameOf(framework.Ret)}",
        TarsDecodeException => "the framework sent a malformed reply",
        InvalidDataException => exception.Message,
        _ => Describe(exception),
    };
}
