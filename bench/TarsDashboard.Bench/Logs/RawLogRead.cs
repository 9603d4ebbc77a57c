using System.Buffers;
using TarsDashboard.Core.Logs;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Bench.Logs;

/// <summary>
/// The engine's log endpoint read to the end with a bare HttpClient on the socket (<c>timestamps=1</c>, as the
/// sources ask): the baseline. Optionally through the line assembler alone, to separate its cost from the rest of Core.
/// </summary>
internal static class RawLogRead
{
    /// <summary>Reads every byte and counts the '\n's: the least work that still touches every line.</summary>
    public static Task<long> CountLinesAsync(DockerEngineInstance engine, string container, CancellationToken cancellationToken) =>
        ReadAsync(engine, container, assembler: null, cancellationToken);

    /// <summary>Feeds the bytes to a <see cref="DockerFrameLineAssembler"/> and counts the lines it completes.</summary>
    public static Task<long> AssembleLinesAsync(DockerEngineInstance engine, string container, CancellationToken cancellationToken) =>
        ReadAsync(engine, container, new DockerFrameLineAssembler($"container:bench:{container}",
            new LineAssemblerOptions { Mode = DockerStreamMode.Multiplexed, Timestamps = true }), cancellationToken);

    private static async Task<long> ReadAsync(DockerEngineInstance engine, string container, DockerFrameLineAssembler? assembler,
        CancellationToken cancellationToken)
    {
        using var response = await engine.ApiClient.GetAsync($"/containers/{container}/logs?stdout=1&stderr=1&timestamps=1",
            HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var lines = new List<LogLine>();
        long count = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (assembler is null)
                {
                    count += buffer.AsSpan(0, read).Count((byte)'\n');
                    continue;
                }

                assembler.Append(buffer.AsSpan(0, read), lines);
                count += lines.Count;
                lines.Clear();
            }

            if (assembler is not null)
            {
                assembler.Flush(lines);
                count += lines.Count;
            }

            return count;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
