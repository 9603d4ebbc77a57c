using System.Globalization;
using System.Text;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Security;

namespace TarsDashboard.Endpoints;

/// <summary>
/// <c>GET /logs/download?source=ID</c>: the retained lines of a log source as a plain-text attachment; with
/// <c>&amp;full=true</c> the whole log from its start, streamed to the response as the engine sends it.
/// </summary>
public static class LogDownloadEndpoint
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static IEndpointRouteBuilder MapLogDownloadEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/logs/download", async (HttpContext context, LogStreamManager logs, ILoggerFactory loggers, string? source, bool? full,
            CancellationToken cancellationToken) =>
        {
            if (!LogSourceId.TryParse(source, out var id, out var error))
            {
                return Results.BadRequest(error);
            }

            return full == true
                ? await FullAsync(context, logs, loggers.CreateLogger(typeof(LogDownloadEndpoint)), id, cancellationToken)
                : await RetainedAsync(context, logs, id, cancellationToken);
        });
        return endpoints;
    }

    private static async Task<IResult> RetainedAsync(HttpContext context, LogStreamManager logs, LogSourceId id, CancellationToken cancellationToken)
    {
        IReadOnlyList<LogLine> lines;
        try
        {
            // Opening checks the caller's grants; the snapshot is the shared retained window.
            await using var subscription = await logs.OpenAsync(context.User.ToCaller(), id, new LogFollowOptions(), cancellationToken);
            lines = subscription.Snapshot();
        }
        catch (AccessDeniedException)
        {
            // A refusal: the status code is the whole answer, not a failure to log.
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Append(text, line);
        }

        return Results.File(Utf8.GetBytes(text.ToString()), "text/plain; charset=utf-8", $"{FileName(id)}.txt");
    }

    private static async Task<IResult> FullAsync(HttpContext context, LogStreamManager logs, ILogger logger, LogSourceId id,
        CancellationToken cancellationToken)
    {
        IAsyncEnumerator<IReadOnlyList<LogLine>> batches;
        bool any;
        try
        {
            // Grants, node and the engine's first answer come before the response starts, so each is still a status code.
            batches = (await logs.OpenFullAsync(context.User.ToCaller(), id, cancellationToken)).GetAsyncEnumerator(cancellationToken);
            any = await batches.MoveNextAsync();
        }
        catch (AccessDeniedException)
        {
            // A refusal: the status code is the whole answer, not a failure to log.
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (Exception exception) when (exception is InvalidOperationException or KeyNotFoundException)
        {
            logger.LogWarning(exception, "Full download of {Source} refused", id);
            return Results.NotFound(exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The engine is unreachable or refused the read; its details stay in the server log.
            logger.LogWarning(exception, "Full download of {Source} could not start", id);
            return Results.StatusCode(StatusCodes.Status502BadGateway);
        }

        return Results.Stream(async body =>
        {
            await using var _ = batches;
            var text = new StringBuilder();
            try
            {
                for (var more = any; more; more = await batches.MoveNextAsync())
                {
                    foreach (var line in batches.Current)
                    {
                        Append(text, line);
                    }

                    // One write per engine read: memory stays at one batch however long the log is.
                    await body.WriteAsync(Utf8.GetBytes(text.ToString()), cancellationToken);
                    text.Clear();
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The status line is sent already; the download ends with a note instead of silently short.
                logger.LogWarning(exception, "Full download of {Source} failed", id);
                await body.WriteAsync(Utf8.GetBytes("\n[download interrupted: the engine stream failed]\n"), CancellationToken.None);
            }
        }, "text/plain; charset=utf-8", $"{FileName(id)}-full.txt");
    }

    private static void Append(StringBuilder text, LogLine line)
    {
        if (line.Timestamp is { } time)
        {
            text.Append(time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append(' ');
        }

        if (line.Stream == LogStream.Stderr)
        {
            text.Append("[stderr] ");
        }

        text.Append(AnsiToHtml.Strip(line.Text)).Append('\n');
    }

    private static string FileName(LogSourceId id) =>
        string.Concat(id.ToString().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
}
