using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary>
/// The one-click resolver on a real engine: a busybox container standing in for tars-node (tarsnode's log files at
/// their real paths, appended to) is found and followed through the engine; otherwise the framework route; and each
/// caller gets only the logs their grants cover.
/// </summary>
[Collection("infra")]
public sealed class TarsnodeLogsTests(InfraFixture infra)
{
    private const string TarsnodeFolder = "/usr/local/app/tars/app_log/tars/tarsnode";
    private static readonly Caller Admin = new("admin");
    private static readonly Caller Developer = new("dev1");

    /// <summary>Appends to tarsnode's own log and its per-service log of Test.Hello every 50 ms (a fixed test script).</summary>
    private const string TarsnodeScript =
        "d=" + TarsnodeFolder + "; busybox mkdir -p $d; i=0; while true; do i=$((i+1)); "
        + "echo \"node line $i\" >> $d/tars.tarsnode.log; echo \"activating Test.Hello $i\" >> $d/tars.tarsnode.Test.Hello.log; "
        + "busybox usleep 50000; done";

    private async Task<CoreHost> HostAsync(string locator = "")
    {
        var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?>
        {
            ["Framework:Locator"] = locator,
            ["Logs:LingerSeconds"] = "0.5",
            ["Logs:ContainerPollSeconds"] = "0.2",
        });
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        return host;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task A_container_holding_tarsnode_s_log_is_found_and_its_log_followed_live_through_the_engine()
    {
        await using var host = await HostAsync();
        // Neither name nor image says tarsnode: only its log file does. A decoy sorts first and has none.
        await using var decoy = await TestContainer.StartAsync(infra.Node1, Unique("aaa-decoy"), "busybox sleep 3600");
        await using var agent = await TestContainer.StartAsync(infra.Node1, Unique("zz-agent"), TarsnodeScript);
        await WaitForFileAsync(agent, $"{TarsnodeFolder}/tars.tarsnode.log");

        var node = await host.Get<TarsnodeLogs>().ResolveAsync(Admin, "node1");
        var service = await host.Get<TarsnodeLogs>().ResolveAsync(Admin, "node1", "Test", "Hello");

        Assert.Equal((TarsnodeLogRoute.Engine, agent.Name), (node.Route, node.TarsnodeContainer));
        Assert.Equal([$"file:node1:{agent.Name}:{TarsnodeFolder}/tars.tarsnode.log"], node.Sources.Select(s => s.ToString()));
        Assert.Equal(
            [$"file:node1:{agent.Name}:{TarsnodeFolder}/tars.tarsnode.Test.Hello.log",
                $"file:node1:{agent.Name}:/usr/local/app/tars/app_log/Test/Hello/Test.Hello.log"],
            service.Sources.Select(s => s.ToString()));

        await using var subscription = await host.Get<LogStreamManager>().OpenAsync(Admin, node.Sources[0], new LogFollowOptions { TailLines = 5 });
        var lines = new Collector<LogLine>();
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in subscription.FollowAsync(cancellationToken: stop.Token))
                {
                    lines.AddRange(batch.Lines.Where(l => l.Stream == LogStream.Stdout));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await lines.WaitUntilAsync(l => l.Count >= 20, "20 tarsnode lines");
        await stop.CancelAsync();
        await reading;

        var numbers = lines.Items.Select(l => int.Parse(l.Text["node line ".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(lines.Items, l => Assert.StartsWith("node line ", l.Text, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers); // live, in order, no gap
    }

    [Fact]
    public async Task A_tars_node_container_is_known_by_its_name_before_any_log_is_written()
    {
        await using var host = await HostAsync();
        await using var agent = await TestContainer.StartAsync(infra.Node1, Unique("tars-node"), "busybox sleep 3600");

        var found = await host.Get<TarsnodeLogs>().ResolveAsync(Admin, "node1");

        Assert.Equal(agent.Name, found.TarsnodeContainer);
        Assert.Equal(TarsnodeLogRoute.Engine, found.Route);
    }

    [Fact]
    public async Task Without_a_tarsnode_container_the_framework_route_is_taken_and_an_engine_only_request_finds_nothing()
    {
        await using var host = await HostAsync("tars.tarsregistry.QueryObj@tcp -h 127.0.0.1 -p 17890");
        var resolver = host.Get<TarsnodeLogs>();

        var node = await resolver.ResolveAsync(Admin, "node1");
        var service = await resolver.ResolveAsync(Admin, "node1", "Test", "Hello");
        var engineOnly = await resolver.ResolveAsync(Admin, "node1", routes: TarsnodeLogRoutes.Engine);
        var unregistered = await resolver.ResolveAsync(Admin, "10.9.9.9");

        Assert.Equal((TarsnodeLogRoute.Framework, null), (node.Route, node.TarsnodeContainer));
        Assert.Equal(["tarslog:node1:tars.tarsnode:tars.tarsnode.log"], node.Sources.Select(s => s.ToString()));
        Assert.Equal(["tarslog:node1:tars.tarsnode:tars.tarsnode.Test.Hello.log", "tarslog:node1:Test.Hello:Test.Hello.log"],
            service.Sources.Select(s => s.ToString()));
        Assert.True(engineOnly.IsEmpty);
        Assert.False(engineOnly.Denied);
        Assert.Equal(["tarslog:10.9.9.9:tars.tarsnode:tars.tarsnode.log"], unregistered.Sources.Select(s => s.ToString()));
    }

    [Fact]
    public async Task A_developer_gets_the_per_service_log_from_the_container_and_the_service_s_own_log_through_the_framework()
    {
        await using var host = await HostAsync("tars.tarsregistry.QueryObj@tcp -h 127.0.0.1 -p 17890");
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = Developer.UserName, Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant(Developer.UserName, Role.Developer, "Test"));
        await using var agent = await TestContainer.StartAsync(infra.Node1, Unique("tars-node"), "busybox sleep 3600");
        var resolver = host.Get<TarsnodeLogs>();

        var service = await resolver.ResolveAsync(Developer, "node1", "Test", "Hello");
        var node = await resolver.ResolveAsync(Developer, "node1");
        var other = await resolver.ResolveAsync(Developer, "node1", "Shop", "Cart");

        Assert.Equal(
            [$"file:node1:{agent.Name}:{TarsnodeFolder}/tars.tarsnode.Test.Hello.log", "tarslog:node1:Test.Hello:Test.Hello.log"],
            service.Sources.Select(s => s.ToString()));
        Assert.True(node.IsEmpty);
        Assert.True(node.Denied);
        Assert.True(other.Denied);
    }

    [Fact]
    public async Task Asked_with_the_container_output_a_service_s_existing_container_is_merged_in()
    {
        await using var host = await HostAsync();
        var name = TestContainer.NewServiceName("Failing");
        var (application, server) = (name.Split('.')[0], name.Split('.')[1]);
        await using var agent = await TestContainer.StartAsync(infra.Node1, Unique("tars-node"), "busybox sleep 3600");
        await using var service = await TestContainer.StartAsync(infra.Node1, name, "echo cannot read config; exit 3");

        var found = await host.Get<TarsnodeLogs>().ResolveAsync(Admin, "node1", application, server, withContainerOutput: true);
        var without = await host.Get<TarsnodeLogs>().ResolveAsync(Admin, "node1", "Gone", "Server", withContainerOutput: true);

        Assert.Equal($"container:node1:{name}", found.Sources[^1].ToString());
        Assert.Equal($"file:node1:{agent.Name}:{TarsnodeFolder}/tars.tarsnode.{name}.log", found.Sources[0].ToString());
        Assert.DoesNotContain(without.Sources, s => s.Kind == LogSourceKind.Container);
    }

    private static async Task WaitForFileAsync(TestContainer container, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await container.ExecAsync("busybox", "ls", path)).Length == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} did not appear in {container.Name}.");
            }

            await Task.Delay(50);
        }
    }
}
