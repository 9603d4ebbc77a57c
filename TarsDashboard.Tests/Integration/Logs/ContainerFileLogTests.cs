using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>Files inside containers followed through Core on a real engine (busybox: tail and find as applets).</summary>
[Collection("infra")]
public sealed class ContainerFileLogTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");
    private static readonly Caller Developer = new("dev1");

    private async Task<CoreHost> HostAsync()
    {
        var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?>
        {
            ["Logs:LingerSeconds"] = "0.5",
            ["Logs:ContainerPollSeconds"] = "0.2",
        });
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        return host;
    }

    private static string[] FileTexts(IEnumerable<LogLine> lines) =>
        lines.Where(l => l.Stream == LogStream.Stdout).Select(l => l.Text).ToArray();

    [Fact]
    public async Task A_file_a_container_appends_to_is_followed_and_resumed_after_a_restart_without_gaps_or_repeats()
    {
        await using var host = await HostAsync();
        // A fixed test script; the counter restarts at 0 with the container, appending to the same file.
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Files"),
            "busybox mkdir -p /tmp; i=0; while true; do echo \"line $i\" >> /tmp/x.log; i=$((i+1)); busybox usleep 20000; done");
        await Task.Delay(300); // kept: the file must exist and have lines before it is opened, and only the container knows when
        await using var subscription = await host.Get<LogStreamManager>().OpenAsync(
            Admin, LogSourceId.ForFile("node1", container.Name, "/tmp/x.log"), new LogFollowOptions { TailLines = 100_000 });
        var lines = new Collector<LogLine>();
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in subscription.FollowAsync(cancellationToken: stop.Token))
                {
                    lines.AddRange(batch.Lines);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        await lines.WaitUntilAsync(l => FileTexts(l).Length >= 30, "30 lines");
        await container.RestartAsync(); // the exec running tail dies with the container
        var before = FileTexts(lines.Items).Length;
        await lines.WaitUntilAsync(l => FileTexts(l).Length >= before + 30, "30 lines after the restart");
        var file = await container.ExecAsync("busybox", "cat", "/tmp/x.log");
        await lines.WaitUntilAsync(l => FileTexts(l).Length >= file.Length, "the whole file");
        await stop.CancelAsync();
        await reading;

        var seen = FileTexts(lines.Items);
        Assert.Equal(file, seen[..file.Length]);
        Assert.Equal("line 0", seen[0]);
        Assert.DoesNotContain(lines.Items, l => l.Text.StartsWith("Could not find", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_service_s_rotated_log_file_set_is_listed_with_size_and_time_and_its_developer_follows_the_current_file()
    {
        await using var host = await HostAsync();
        var name = TestContainer.NewServiceName("Files");
        var (app, server) = (name.Split('.')[0], name.Split('.')[1]);
        var dir = $"/usr/local/app/tars/app_log/{app}/{server}";
        await using var container = await TestContainer.StartAsync(infra.Node1, name,
            $"busybox mkdir -p {dir}; echo hello > {dir}/{name}.log; echo older > {dir}/{name}1.log; echo rotated-day > {dir}/{name}_20261201.log; "
            + $"echo x > {dir}/notes.txt; busybox sleep 3600");
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = Developer.UserName, Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant(Developer.UserName, Role.Developer, app));
        var manager = host.Get<LogStreamManager>();
        IReadOnlyList<LogFileInfo> files = [];
        await Eventually.TrueAsync(async () => (files = await manager.ListServiceLogFilesAsync(Developer, "node1", app, server)).Count >= 2,
            "the container to write its log files");

        Assert.Equal([$"{dir}/{name}.log", $"{dir}/{name}1.log", $"{dir}/{name}_20261201.log"], files.Select(f => f.Path));
        // Sizes and times come from the engine: "hello\n", "older\n", "rotated-day\n", written moments ago.
        Assert.Equal([6L, 6L, 12L], files.Select(f => f.Size ?? -1));
        Assert.All(files, f => Assert.InRange(f.Modified!.Value, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1)));
        await using var subscription = await manager.OpenAsync(Developer, files[0].SourceId);
        await using var batches = subscription.FollowAsync().GetAsyncEnumerator();
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal(["hello"], FileTexts(batches.Current.Lines));
        // The current file of the rotated set is followed: what the service appends after opening arrives.
        await container.ExecAsync("sh", "-c", $"echo appended-after-open >> {dir}/{name}.log");
        var appended = new List<string>();
        using var follow = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (appended.Count == 0 && await batches.MoveNextAsync().AsTask().WaitAsync(follow.Token))
        {
            appended.AddRange(FileTexts(batches.Current.Lines));
        }

        Assert.Equal(["appended-after-open"], appended);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            manager.OpenAsync(Developer, LogSourceId.ForFile("node1", name, "/etc/passwd")));
    }

    [Fact]
    public async Task When_nobody_follows_a_file_any_more_its_tail_is_ended_in_the_container()
    {
        await using var host = await HostAsync();
        await using var container = await TestContainer.StartAsync(infra.Node1, TestContainer.NewServiceName("Files"),
            "busybox mkdir -p /tmp; echo a > /tmp/q.log; busybox sleep 3600");
        var manager = host.Get<LogStreamManager>();
        var id = LogSourceId.ForFile("node1", container.Name, "/tmp/q.log");
        for (var i = 0; i < 2; i++)
        {
            await using var subscription = await manager.OpenAsync(Admin, id);
            Assert.True(await TailIsRunningAsync(container, expected: true), "tail -F runs while the file is followed");
        }

        Assert.False(await TailIsRunningAsync(container, expected: false), "tail -F was ended after the last viewer left");
        Assert.Equal(0, manager.ActiveSourceCount);
    }

    private static async Task<bool> TailIsRunningAsync(TestContainer container, bool expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var processes = await container.ExecAsync("busybox", "ps", "-o", "args");
            var running = processes.Any(p => p.Contains("tail", StringComparison.Ordinal) && p.Contains("-F", StringComparison.Ordinal));
            if (running == expected || DateTime.UtcNow > deadline)
            {
                return running;
            }

            await Task.Delay(100);
        }
    }
}
