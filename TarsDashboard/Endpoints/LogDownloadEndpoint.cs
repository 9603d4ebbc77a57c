using System.Globalization;
using System.Text;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Security;

namespace TarsDashboard.Endpoints;

/// <summary><c>GET /logs/download?source=ID</c>: the retained lines of a log source as a plain-text attachment.</summary>
public static class LogDownloadEndpoint
{
    public static IEndpointRouteBuilder MapLogDownloadEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/logs/download", async (HttpContext context, LogStreamManager logs, string? source, CancellationToken cancellationToken) =>
        {
            if (!LogSourceId.TryParse(source, out var id, out var error))
            {
                return Results.BadRequest(error);
            }

            IReadOnlyList<LogLine> lines;
            try
            {
                // Opening checks the caller's grants; the snapshot is the shared retained window.
                await using var subscription = await logs.OpenAsync(context.User.ToCaller(), id, new LogFollowOptions(), cancellationToken);
                lines = subscription.Snapshot();
            }
            catch (AccessDeniedException)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var text = new StringBuilder();
            foreach (var line in lines)
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

            var name = string.Concat(id.ToString().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
            return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/plain; charset=utf-8", $"{name}.txt");
        });
        return endpoints;
    }
}
