using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class LogLevelDetectorTests
{
    [Theory]
    [InlineData("2026-11-23 07:13:24|1234|DEBUG|TarsCurrent.cpp:88|invoke", LogSeverity.Debug)]
    [InlineData("2026-11-23 07:13:24.120|1234|error|db down", LogSeverity.Error)]
    [InlineData("2026-11-23 07:13:24|1234|WARN|slow", LogSeverity.Warn)]
    [InlineData("[ERROR] could not bind", LogSeverity.Error)]
    [InlineData("12:00:01 [Info] ready", LogSeverity.Info)]
    [InlineData("time=\"2026-11-23\" level=warn msg=\"disk 91%\"", LogSeverity.Warn)]
    [InlineData("ts=1 level=\"error\" msg=x", LogSeverity.Error)]
    [InlineData("{\"ts\":1,\"level\":\"error\",\"msg\":\"boom\"}", LogSeverity.Error)]
    [InlineData("{\"severity\": \"WARNING\", \"message\": \"x\"}", LogSeverity.Warn)]
    [InlineData("{\"@l\":\"Fatal\",\"@m\":\"bye\"}", LogSeverity.Fatal)]
    [InlineData("{\"level\":30,\"msg\":\"pino\"}", LogSeverity.Info)]
    [InlineData("{\"level\": 50, \"msg\":\"pino\"}", LogSeverity.Error)]
    [InlineData("{\"level\":60}", LogSeverity.Fatal)]
    [InlineData("{\"lvl\":\"dbug\",\"msg\":\"x\"}", LogSeverity.Debug)]
    [InlineData("{\"level\":300,\"msg\":\"not pino\"}", LogSeverity.None)]
    [InlineData("2026-11-23 07:13:24 ERROR something broke", LogSeverity.Error)]
    [InlineData("WARN: cache is cold", LogSeverity.Warn)]
    [InlineData("warning: deprecated flag", LogSeverity.Warn)]
    [InlineData("fail: Microsoft.AspNetCore[1]", LogSeverity.Error)]
    [InlineData("crit: host stopped", LogSeverity.Fatal)]
    [InlineData("\u001b[31mERROR\u001b[0m disk full", LogSeverity.Error)]
    [InlineData("<trace> entering", LogSeverity.Trace)]
    [InlineData("[INFO] retry after error", LogSeverity.Info)]
    [InlineData("no error occurred", LogSeverity.None)]
    [InlineData("errors=0 warnings=0", LogSeverity.None)]
    [InlineData("mode=debug", LogSeverity.None)]
    [InlineData("{\"error\":\"none\"}", LogSeverity.None)]
    [InlineData("TERRORIST INFOGRAPHIC", LogSeverity.None)]
    [InlineData("", LogSeverity.None)]
    public void Detects_the_level_a_line_announces(string text, LogSeverity expected)
    {
        Assert.Equal(expected, LogLevelDetector.Detect(text));
    }

    [Fact]
    public void A_json_level_key_after_a_long_message_is_found_at_the_end()
    {
        var text = "{\"message\":\"" + new string('x', 2000) + " ERROR in prose\",\"severity\":\"WARNING\"}";

        Assert.Equal(LogSeverity.Warn, LogLevelDetector.Detect(text));
    }

    [Fact]
    public void Only_a_key_counts_at_the_end_of_a_long_json_line()
    {
        var text = "{\"message\":\"" + new string('x', 2000) + " [ERROR] ERROR fail: in prose\"}";

        Assert.Equal(LogSeverity.None, LogLevelDetector.Detect(text));
    }

    [Fact]
    public void Only_looks_near_the_start_of_a_very_long_line()
    {
        var text = new string('x', 10_000) + " [ERROR] late";

        Assert.Equal(LogSeverity.None, LogLevelDetector.Detect(text));
    }
}
