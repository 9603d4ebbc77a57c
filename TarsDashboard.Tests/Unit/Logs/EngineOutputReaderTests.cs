using Docker.DotNet;
using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>The bytes under Docker.DotNet's demultiplexing stream reach the assembler with their frame headers.</summary>
public sealed class EngineOutputReaderTests
{
    private static readonly byte[] Frames = DockerFrames.Concat(
        DockerFrames.Frame(DockerFrames.Stdout, "2026-11-23T07:00:00.000000001Z first line, split "),
        DockerFrames.Frame(DockerFrames.Stdout, "2026-11-23T07:00:00.000000002Z by Docker\n"),
        DockerFrames.Frame(DockerFrames.Stderr, "2026-11-23T07:00:00.000000003Z an error\n"));

    private static async Task<(List<LogLine> Lines, bool Raw)> ReadAllAsync(bool readBody)
    {
        using var stream = new MultiplexedStream(new MemoryStream(Frames), multiplexed: true);
        using var reader = new EngineOutputReader(stream, multiplexed: true, readBody);
        var assembler = new DockerFrameLineAssembler("s", new LineAssemblerOptions { Timestamps = true });
        var lines = new List<LogLine>();
        var buffer = new byte[64];
        int read;
        while ((read = await reader.ReadAsync(buffer, CancellationToken.None)) > 0)
        {
            assembler.Append(buffer.AsSpan(0, read), lines);
        }

        assembler.Flush(lines);
        return (lines, reader.ReadsRawBody);
    }

    [Fact]
    public async Task The_pinned_Docker_DotNet_exposes_the_raw_body_and_split_lines_are_rejoined()
    {
        var (lines, raw) = await ReadAllAsync(readBody: true);

        Assert.True(raw, "Docker.DotNet's MultiplexedStream no longer keeps its body in _stream: check EngineOutputReader.");
        Assert.Equal(["first line, split by Docker", "an error"], lines.Select(l => l.Text));
        Assert.Equal([LogStream.Stdout, LogStream.Stderr], lines.Select(l => l.Stream));
    }

    [Fact]
    public async Task The_fallback_rebuilds_frames_from_demultiplexed_reads_with_the_same_result()
    {
        var (lines, raw) = await ReadAllAsync(readBody: false);

        Assert.False(raw);
        Assert.Equal(["first line, split by Docker", "an error"], lines.Select(l => l.Text));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero), lines[0].Timestamp);
    }
}
