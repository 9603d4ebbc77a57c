using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Security;

namespace TarsDashboard.Endpoints;

/// <summary>
/// <c>GET /logs/search?source=ID&amp;from=T&amp;to=T&amp;q=TEXT&amp;regex=true&amp;case=true&amp;level=Error&amp;max=N</c>: the history
/// range search for tools, as NDJSON streamed while the search runs: one object per match
/// (<c>time</c>, <c>stream</c>, <c>level</c>, <c>text</c>), then one closing object (<c>done</c>, <c>scanned</c>,
/// <c>matches</c>, <c>limitReached</c>, or <c>error</c> when the read failed part-way). Bad input is a 400 with the field
/// and the reason; refusals are 403, a missing source 404, an engine that does not answer 502.
/// </summary>
public static class LogSearchEndpoint
{
    public static IEndpointRouteBuilder MapLogSearchEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/logs/search", async (HttpContext context, LogStreamManager logs, ILoggerFactory loggers, TimeProvider clock,
            string? source, string? from, string? to, string? q, bool? regex, bool? @case, string[]? level, int? max,
            CancellationToken cancellationToken) =>
        {
            if (!LogSourceId.TryParse(source, out var id, out var sourceError))
            {
                return Refused("source", sourceError);
            }

            // Without a range: the last hour, as the page starts.
            var now = clock.GetUtcNow();
            var start = from is null ? now.AddHours(-1) : LogTimeRange.ParseTime(from, out _) ?? (DateTimeOffset?)null;
            if (from is not null && start is null)
            {
                return Refused("from", "Not a time such as 2026-12-03T14:05:00Z.");
            }

            var end = to is null ? now : LogTimeRange.ParseTime(to, out _);
            if (to is not null && end is null)
            {
                return Refused("to", "Not a time such as 2026-12-03T14:05:00Z.");
            }

            if (LogTimeRange.TryCreate(start, end, out var rangeError) is not { } range)
            {
                return Refused("to", rangeError!.Message);
            }

            if (LogSearch.TryCreate(q, regex == true, @case == true, out var searchError) is not { } search)
            {
                return Refused("q", searchError!.Message);
            }

            HashSet<LogSeverity>? levels = null;
            foreach (var name in level ?? [])
            {
                if (!Enum.TryParse<LogSeverity>(name, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    return Refused("level", $"'{name}' is not a level ({string.Join(", ", Enum.GetNames<LogSeverity>())}).");
                }

                (levels ??= []).Add(parsed);
            }

            if (max is < 1 or > LogRangeQuery.DefaultMaxMatches)
            {
                return Refused("max", $"Give 1 to {LogRangeQuery.DefaultMaxMatches}.");
            }

            var query = new LogRangeQuery(range, search, levels, max ?? LogRangeQuery.DefaultMaxMatches);
            return await SearchAsync(context, logs, loggers.CreateLogger(typeof(LogSearchEndpoint)), id, query, cancellationToken);
        }).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = DashboardAuthentication.CookieOrToken });
        return endpoints;
    }

    private static IResult Refused(string field, string message) => Results.BadRequest(new { field, message });

    private static async Task<IResult> SearchAsync(HttpContext context, LogStreamManager logs, ILogger logger, LogSourceId id, LogRangeQuery query,
        CancellationToken cancellationToken)
    {
        IAsyncEnumerable<LogRangeBatch> batches;
        try
        {
            // Grants, node and container are checked before the response starts, so each is still a status code.
            batches = await logs.SearchRangeAsync(context.User.ToCaller(), id, query, cancellationToken);
        }
        catch (AccessDeniedException)
        {
            // A refusal: the status code is the whole answer, not a failure to log.
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (Exception exception) when (exception is InvalidOperationException or KeyNotFoundException)
        {
            return Results.NotFound(new { field = "source", message = exception.Message });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Range search of {Source} could not start", id);
            return Results.StatusCode(StatusCodes.Status502BadGateway);
        }

        return Results.Stream(async body =>
        {
            // Objects are written to a buffer (the writer is synchronous), sent once per engine read: the tool sees
            // matches as they are found, and memory stays at one batch.
            var buffer = new ArrayBufferWriter<byte>(64 * 1024);
            await using var json = new Utf8JsonWriter(buffer);
            LogRangeBatch? last = null;
            string? failure = null;
            try
            {
                await foreach (var batch in batches.WithCancellation(cancellationToken))
                {
                    foreach (var line in batch.Matches)
                    {
                        WriteLine(json, buffer, line);
                    }

                    last = batch;
                    await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
                    buffer.ResetWrittenCount();
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The status line is sent already; the closing object says why the results stop short.
                logger.LogWarning(exception, "Range search of {Source} failed", id);
                failure = exception is IOException or KeyNotFoundException ? exception.Message : "The source's stream failed.";
            }

            json.WriteStartObject();
            json.WriteBoolean("done", failure is null);
            json.WriteNumber("scanned", last?.Scanned ?? 0);
            json.WriteNumber("matches", last?.MatchCount ?? 0);
            json.WriteBoolean("limitReached", last?.LimitReached ?? false);
            if (failure is not null)
            {
                json.WriteString("error", failure);
            }

            json.WriteEndObject();
            json.Flush();
            buffer.Write("\n"u8);
            await body.WriteAsync(buffer.WrittenMemory, CancellationToken.None);
        }, "application/x-ndjson; charset=utf-8");
    }

    private static void WriteLine(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, LogLine line)
    {
        json.WriteStartObject();
        if (line.Timestamp is { } time)
        {
            json.WriteString("time", time.UtcDateTime);
        }

        json.WriteString("stream", line.Stream.ToString().ToLowerInvariant());
        json.WriteString("level", line.Level.ToString());
        json.WriteString("text", AnsiToHtml.Strip(line.Text));
        json.WriteEndObject();
        // NDJSON: one object per line. The writer leaves the separator to us; Reset keeps it from adding a comma.
        json.Flush();
        buffer.Write("\n"u8);
        json.Reset(buffer);
    }
}
