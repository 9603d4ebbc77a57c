using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class StackTraceContinuationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    // Every line after the first continues the entry the first line starts.
    public static TheoryData<string[]> Traces => new()
    {
        new[]
        {
            "Exception in thread \"main\" java.lang.IllegalStateException: boom",
            "\tat com.example.App.run(App.java:12)",
            "    at com.example.App.main(App.java:5)",
            "Caused by: java.io.IOException: disk",
            "\tat com.example.Io.read(Io.java:40)",
            "\t... 12 more",
            "... 3 more",
        },
        new[]
        {
            "Unhandled exception. System.InvalidOperationException: outer",
            " ---> System.ArgumentException: inner",
            "   at Ns.Type.Method() in /src/x.cs:line 5",
            "   --- End of inner exception stack trace ---",
            "--- End of stack trace from previous location ---",
            "---> System.IO.IOException: deeper",
            "   at Program.<Main>$(String[] args)",
        },
        new[]
        {
            "Traceback (most recent call last):",
            "  File \"x.py\", line 3, in f",
            "    return 1 / 0",
            "ZeroDivisionError: division by zero",
        },
        new[]
        {
            "panic: runtime error: index out of range [3] with length 2",
            "",
            "goroutine 1 [running]:",
            "main.main()",
            "\t/app/main.go:12 +0x1d",
            "",
            "goroutine 7 [chan receive]:",
            "main.worker(0xc000012345)",
            "\t/app/worker.go:8 +0x3a",
            "created by main.main in goroutine 1",
            "\t/app/main.go:10 +0x25",
        },
        new[]
        {
            "2026-12-03 12:00:00|1|ERROR|request failed",
            "\u001b[31m\tat com.example.Colour.run(Colour.java:1)\u001b[0m",
        },
    };

    [Theory]
    [MemberData(nameof(Traces))]
    public void Every_line_of_a_stack_trace_continues_its_first_line(string[] lines)
    {
        var state = StackTraceContinuation.Begin(lines[0]);

        foreach (var line in lines.Skip(1))
        {
            Assert.True(StackTraceContinuation.ContinuesText(line, ref state), line);
        }
    }

    [Theory]
    [InlineData("2026-12-03 12:00:01 INFO next request")]
    [InlineData("")]
    [InlineData("at the end of the day")]
    [InlineData("main.main()")]
    [InlineData("... and more")]
    public void A_plain_line_after_a_plain_entry_starts_a_new_one(string text)
    {
        var state = StackTraceContinuation.Begin("2026-12-03 12:00:00 INFO request");

        Assert.False(StackTraceContinuation.ContinuesText(text, ref state));
    }

    [Fact]
    public void The_exception_line_ends_a_python_traceback()
    {
        var state = StackTraceContinuation.Begin("Traceback (most recent call last):");
        Assert.Equal(TraceState.PythonFrames, state);
        Assert.True(StackTraceContinuation.ContinuesText("  File \"x.py\", line 3, in f", ref state));
        Assert.True(StackTraceContinuation.ContinuesText("ValueError: bad", ref state));

        Assert.Equal(TraceState.Plain, state);
        Assert.False(StackTraceContinuation.ContinuesText("INFO: retrying", ref state));
    }

    [Fact]
    public void A_line_on_another_stream_or_after_a_pause_starts_a_new_entry()
    {
        var head = Line("java.lang.RuntimeException: x", T0);
        var state = StackTraceContinuation.Begin(head.Text);

        Assert.True(StackTraceContinuation.Continues(head, Line("\tat A.b(A.java:1)", T0.AddMilliseconds(900)), ref state));
        Assert.False(StackTraceContinuation.Continues(head, Line("\tat A.b(A.java:1)", T0.AddSeconds(2)), ref state));
        Assert.False(StackTraceContinuation.Continues(head, Line("\tat A.b(A.java:1)", T0, LogStream.Stdout), ref state));
        Assert.True(StackTraceContinuation.Continues(head with { Timestamp = null }, Line("\tat A.b(A.java:1)", T0), ref state));
    }

    private static LogLine Line(string text, DateTimeOffset? time, LogStream stream = LogStream.Stderr) =>
        new("test", 1, time, stream, text, LogSeverity.None);
}
