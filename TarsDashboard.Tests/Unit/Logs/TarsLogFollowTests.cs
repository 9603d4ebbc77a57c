using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Support;
using TarsDashboard.Tests.Tars.FakeFramework;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>
/// Tars log files followed through Core against a loopback framework (QueryObj and AdminRegObj on
/// <see cref="TarsTestServer"/>), which accepts only the fixed getLogData commands: live growth, rolling over, the
/// framework going away and coming back, grants, listing and the full download.
/// </summary>
public sealed class TarsLogFollowTests : IAsyncLifetime
{
    private const string Node = "10.0.0.7";
    private static readonly Caller Admin = new("admin");
    private static readonly Caller Developer = new("dev1");

    private readonly TarsTestServer _server = TarsTestServer.Start();
    private readonly FakeTarsnodeLogs _framework;
    private CoreHost _host = null!;

    public TarsLogFollowTests() => _framework = new FakeTarsnodeLogs(_server);

    private static LogSourceId ServiceLog => LogSourceId.ForTarsLog(Node, "Test", "Hello", "Test.Hello.log");

    public async Task InitializeAsync() => _host = await HostAsync(_framework.Locator);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
        // Strict: every call was one the fake framework expects, every getLogData command one of the fixed forms.
        _server.AssertNoUnexpectedCalls();
    }

    private static Task<CoreHost> HostAsync(string locator) => CoreHost.CreateSqliteAsync(new Dictionary<string, string?>
    {
        ["Framework:Locator"] = locator,
        ["Framework:CallTimeoutSeconds"] = "2",
        ["Logs:TarsPollSeconds"] = "0.1",
        ["Logs:MaxRetrySeconds"] = "0.5",
        ["Logs:LingerSeconds"] = "0.5",
    });

    private static Collector<LogLine> Follow(LogSubscription subscription, CancellationToken stop)
    {
        var lines = new Collector<LogLine>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in subscription.FollowAsync(cancellationToken: stop))
                {
                    lines.AddRange(batch.Lines);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        return lines;
    }

    private static string[] Texts(IEnumerable<LogLine> lines) => lines.Where(l => l.Stream == LogStream.Stdout).Select(l => l.Text).ToArray();

    [Fact]
    public async Task A_growing_tars_log_shows_its_last_lines_then_follows_live_with_only_fixed_commands()
    {
        var file = _framework.File(Node, "Test", "Hello", "Test.Hello.log");
        file.Append("2026-01-02 10:00:00|1|INFO|one\n2026-01-02 10:00:01|1|INFO|two\n2026-01-02 10:00:02|1|ERROR|three\n");
        await using var subscription = await _host.Get<LogStreamManager>().OpenAsync(Admin, ServiceLog, new LogFollowOptions { TailLines = 2 });
        using var stop = new CancellationTokenSource();
        var lines = Follow(subscription, stop.Token);

        await lines.WaitUntilAsync(l => Texts(l).Length == 2, "the last two lines");
        var before = file.Length;
        file.Append("2026-01-02 10:00:03|1|INFO|four\n");
        await lines.WaitUntilAsync(l => Texts(l).Length == 3, "the appended line");
        await stop.CancelAsync();

        Assert.Equal(["2026-01-02 10:00:01|1|INFO|two", "2026-01-02 10:00:02|1|ERROR|three", "2026-01-02 10:00:03|1|INFO|four"],
            Texts(lines.Items));
        Assert.Equal(LogSeverity.Error, lines.Items.Single(l => l.Text.EndsWith("three", StringComparison.Ordinal)).Level);
        Assert.NotNull(lines.Items[0].Timestamp);
        var calls = _server.Calls.Where(c => c.Function == "getLogData").Select(c => c.ReadArguments()).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, args => Assert.Equal(("Test", "Hello", Node, "Test.Hello.log"),
            (args.ReadString(1, true), args.ReadString(2, true), args.ReadString(3, true), args.ReadString(4, true))));
        Assert.Equal("wc -c < \"__log_file_name__\"", file.Commands[0]);
        // The source reads the usual history (1,000 lines); this viewer starts at its last two.
        Assert.Equal($"tail -c +1 \"__log_file_name__\" | head -c {before} | tail -n 1000", file.Commands[1]);
        Assert.Contains($"tail -c +{before + 1} \"__log_file_name__\" | head -c {file.Length - before}", file.Commands);
    }

    [Fact]
    public async Task A_tars_log_that_rolls_over_is_read_again_from_its_start_and_the_viewer_is_told()
    {
        var file = _framework.File(Node, "Test", "Hello", "Test.Hello.log");
        file.Append("before the roll, a long line\n");
        await using var subscription = await _host.Get<LogStreamManager>().OpenAsync(Admin, ServiceLog);
        using var stop = new CancellationTokenSource();
        var lines = Follow(subscription, stop.Token);
        await lines.WaitUntilAsync(l => Texts(l).Length == 1, "the first line");

        file.Replace("after\n");

        await lines.WaitUntilAsync(l => Texts(l).Contains("after"), "the new file's line");
        await stop.CancelAsync();
        var roll = lines.Items.Single(l => l.Stream == LogStream.System && l.Text.Contains("rolled over", StringComparison.Ordinal));
        Assert.True(lines.Items.ToList().IndexOf(roll) < lines.Items.ToList().FindIndex(l => l.Text == "after"));
        Assert.Equal(["before the roll, a long line", "after"], Texts(lines.Items));
    }

    [Fact]
    public async Task When_the_framework_goes_away_viewers_are_told_and_following_resumes_without_gaps_when_it_is_back()
    {
        var file = _framework.File(Node, "Test", "Hello", "Test.Hello.log");
        file.Append("up 1\n");
        await using var subscription = await _host.Get<LogStreamManager>().OpenAsync(Admin, ServiceLog);
        using var stop = new CancellationTokenSource();
        var lines = Follow(subscription, stop.Token);
        await lines.WaitUntilAsync(l => Texts(l).Length == 1, "the first line");

        await _server.StopAsync();
        await lines.WaitUntilAsync(l => l.Any(x => x.Stream == LogStream.System && x.Text.StartsWith("Lost Test.Hello.log", StringComparison.Ordinal)),
            "the framework-lost notice");
        file.Append("written while away\n");
        _server.Restart();

        await lines.WaitUntilAsync(l => Texts(l).Contains("written while away"), "the line written meanwhile");
        await stop.CancelAsync();
        var lost = lines.Items.Where(l => l.Stream == LogStream.System && l.Text.StartsWith("Lost ", StringComparison.Ordinal)).ToList();
        Assert.Single(lost); // said once, however often the retry met it
        Assert.Equal(LogSeverity.Error, lost[0].Level);
        Assert.Matches("^Lost Test.Hello.log of Test.Hello on 10.0.0.7 \\(the (framework is unreachable|connection to the framework was lost|framework did not answer in time)\\); retrying.$", lost[0].Text);
        Assert.DoesNotContain("127.0.0.1", lost[0].Text); // the framework's address stays in the server log
        Assert.Contains(lines.Items, l => l.Text == "Following Test.Hello.log of Test.Hello on 10.0.0.7 again.");
        Assert.Equal(["up 1", "written while away"], Texts(lines.Items));
    }

    [Fact]
    public async Task A_file_tarsnode_does_not_have_yet_is_waited_for()
    {
        var id = LogSourceId.ForTarsLog(Node, "tars", "tarsnode", "tars.tarsnode.Test.Hello.log");
        await using var subscription = await _host.Get<LogStreamManager>().OpenAsync(Admin, id);
        using var stop = new CancellationTokenSource();
        var lines = Follow(subscription, stop.Token);
        await lines.WaitUntilAsync(l => l.Any(x => x.Text.Contains("does not exist (tarsnode answered -1); waiting", StringComparison.Ordinal)),
            "the not-there notice");

        _framework.File(Node, "tars", "tarsnode", "tars.tarsnode.Test.Hello.log").Append("activating Test.Hello\n");

        await lines.WaitUntilAsync(l => Texts(l).Contains("activating Test.Hello"), "the line once the file is there");
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Without_a_framework_configured_the_source_says_so_instead_of_failing()
    {
        await using var host = await HostAsync("");
        await using var subscription = await host.Get<LogStreamManager>().OpenAsync(Admin, ServiceLog);
        using var stop = new CancellationTokenSource();
        var lines = Follow(subscription, stop.Token);

        try
        {
            await lines.WaitUntilAsync(l => l.Any(x => x.Text.StartsWith("No Tars framework is configured", StringComparison.Ordinal)),
                "the no-framework notice");
        }
        catch (TimeoutException timeout)
        {
            // Seen once in a full CI run (nothing arrived in 20 s) and not since: say whether the source wrote the
            // notice (the buffer) and only the follow missed it, or the source never got that far.
            var buffered = string.Join(" | ", subscription.Snapshot().Select(l => l.Text));
            throw new TimeoutException($"{timeout.Message}; the buffer holds {subscription.LastSequence} line(s): {buffered}", timeout);
        }

        await stop.CancelAsync();
        Assert.Empty(_server.Calls);
    }

    [Fact]
    public async Task A_developer_follows_their_service_s_tars_logs_but_not_tarsnode_s_own()
    {
        var users = _host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = Developer.UserName, Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant(Developer.UserName, Role.Developer, "Test"));
        _framework.File(Node, "tars", "tarsnode", "tars.tarsnode.log").Append("node line\n");
        _framework.File(Node, "tars", "tarsnode", "tars.tarsnode.Test.Hello.log").Append("Test.Hello line\n");
        _framework.File(Node, "tars", "tarsnode", "tars.tarsnode.Shop.Cart.log").Append("Shop.Cart line\n");
        _framework.File(Node, "Test", "Hello", "Test.Hello.log").Append("hello\n");
        var manager = _host.Get<LogStreamManager>();

        var tarsnodeFiles = await manager.ListTarsLogFilesAsync(Developer, Node, "tars", "tarsnode");
        var serviceFiles = await manager.ListTarsLogFilesAsync(Developer, Node, "Test", "Hello");
        await using var perService = await manager.OpenAsync(Developer, tarsnodeFiles.Single().SourceId);
        await using var own = await manager.OpenAsync(Developer, serviceFiles.Single().SourceId);

        Assert.Equal(["tars.tarsnode.Test.Hello.log"], tarsnodeFiles.Select(f => f.Name));
        Assert.Equal(["Test.Hello.log"], serviceFiles.Select(f => f.Name));
        Assert.Equal(["hello"], Texts(own.Snapshot()));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            manager.OpenAsync(Developer, LogSourceId.ForTarsLog(Node, "tars", "tarsnode", "tars.tarsnode.log")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => manager.ListTarsLogFilesAsync(Developer, Node, "Shop", "Cart"));
        Assert.Equal(3, (await manager.ListTarsLogFilesAsync(Admin, Node, "tars", "tarsnode")).Count);
    }

    [Fact]
    public async Task The_full_download_reads_the_whole_file_in_ranges()
    {
        var file = _framework.File(Node, "Test", "Hello", "Test.Hello.log");
        var line = new string('z', 511) + "\n";
        file.Append(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i:D6} {line}")));

        var batches = await _host.Get<LogStreamManager>().OpenFullAsync(Admin, ServiceLog);
        var lines = new List<LogLine>();
        await foreach (var batch in batches)
        {
            lines.AddRange(batch);
        }

        Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"{i:D6} {line[..^1]}"), lines.Select(l => l.Text));
        Assert.Equal(3, file.Commands.Count(c => c.StartsWith("tail -c", StringComparison.Ordinal))); // 2.6 MB in 1 MiB ranges
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            _host.Get<LogStreamManager>().OpenFullAsync(Admin, LogSourceId.ForTarsLog(Node, "Test", "Hello", "missing.log")));
    }
}
