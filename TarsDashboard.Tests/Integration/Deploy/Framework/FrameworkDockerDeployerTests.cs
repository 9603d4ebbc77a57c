using TarsDashboard.Core.Deploy;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Deploy.Framework;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Deploy.Framework;

/// <summary>The framework-in-Docker mode run on a real engine (node1) with stand-in images, then inspected.</summary>
[Collection("infra")]
public sealed class FrameworkDockerDeployerTests(InfraFixture infra) : IAsyncLifetime
{
    private const string Password = "pw-'$(never)-7f3a";
    private static readonly Caller Admin = new("admin");
    private readonly DirectoryInfo _hostPath = Directory.CreateTempSubdirectory("tdash-fw-");
    private readonly string _network = "tdash-fw-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _subnetPrefix = $"10.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(0, 255)}";
    private CoreHost _host = null!;
    private DockerClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await CoreHost.CreateSqliteAsync();
        await _host.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = infra.Node1.Name, Endpoint = infra.Node1.Endpoint, TarsHostpath = _hostPath.FullName,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        _client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        await StandInImages.BuildAsync(infra.Node1);
    }

    public async Task DisposeAsync()
    {
        foreach (var name in new[] { "tars-framework", "tars-node-0", "tars-node-1" })
        {
            try
            {
                await _client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }

        try
        {
            await _client.Networks.DeleteNetworkAsync(_network);
        }
        catch (DockerApiException)
        {
            // Never created, or already gone.
        }

        _client.Dispose();
        await _host.DisposeAsync();
        try
        {
            _hostPath.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private FrameworkDockerInput Input()
    {
        var nodeBase = FreePortBlock(FrameworkDockerPlanBuilder.NodePortCount * 2);
        return new FrameworkDockerInput
        {
            MySqlHost = "db.example.com",
            MySqlUser = "root",
            MySqlPassword = Password,
            NetworkName = _network,
            Subnet = $"{_subnetPrefix}.0/24",
            FrameworkIp = $"{_subnetPrefix}.3",
            NodeIps = $"{_subnetPrefix}.5,{_subnetPrefix}.6",
            NodeCount = 2,
            TarsHostpath = _hostPath.FullName,
            FrameworkImage = "tarsdash-test/framework",
            FrameworkTag = "stand-in",
            NodeImage = "tarsdash-test/tars-node",
            NodeTag = "stand-in",
            // The test engine's own socket: /var/run/docker.sock does not exist here, and a missing bind source would be created as a folder.
            DockerSocket = infra.Node1.SocketPath,
            WebHostPort = FreePort.Next(),
            NodeHostPortBase = nodeBase,
        };
    }

    [Fact]
    public async Task Deploy_creates_exactly_the_planned_network_and_containers_and_reports_each_step_live()
    {
        var input = Input();
        var plan = FrameworkDockerPlanBuilder.Build(input);
        using var subscription = _host.Get<LiveEventBus>().Open();

        var result = await _host.Get<FrameworkDockerDeployer>().DeployAsync(Admin, infra.Node1.Name, input, "run-1");

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Error}");
        Assert.Equal([$"network {_network}", "container tars-framework", "container tars-node-0", "container tars-node-1"], result.Created);

        var network = await _client.Networks.InspectNetworkAsync(_network);
        Assert.Equal(("bridge", $"{_subnetPrefix}.0/24"), (network.Driver, Assert.Single(network.IPAM!.Config!).Subnet));

        foreach (var spec in plan.Containers)
        {
            var container = await _client.Containers.InspectContainerAsync(spec.Name);
            Assert.True(container.State!.Running, $"{spec.Name} is not running");
            Assert.Equal(spec.Image, container.Config!.Image);
            var planned = spec.Environment.Select(e => $"{e.Key}={e.Value}").ToList();
            // The image adds PATH; everything else is exactly the plan's env.
            Assert.Equal(planned, container.Config!.Env!.Where(e => !e.StartsWith("PATH=", StringComparison.Ordinal)));
            Assert.Equal(spec.Binds.Select(b => b.ToString()), container.HostConfig!.Binds);
            Assert.Equal(
                spec.Ports.Select(p => $"{p.PortKey}->{p.HostPort}").Order(),
                container.HostConfig!.PortBindings!.SelectMany(b => b.Value.Select(v => $"{b.Key}->{v.HostPort}")).Order());
            Assert.Equal(RestartPolicyKind.Always, container.HostConfig!.RestartPolicy!.Name);
            var endpoint = Assert.Single(container.NetworkSettings!.Networks!);
            Assert.Equal(_network, endpoint.Key);
            Assert.Equal(spec.IpAddress, endpoint.Value.IPAddress);
        }

        Assert.Contains("MYSQL_ROOT_PASSWORD=" + Password,
            (await _client.Containers.InspectContainerAsync("tars-framework")).Config!.Env!);

        var progress = Drain(subscription).OfType<FrameworkDeployProgress>().Where(p => p.DeploymentId == "run-1").ToList();
        Assert.Contains(progress, p => p.Step == "start container tars-node-1" && p.State == DeployStepState.Succeeded);
        Assert.DoesNotContain(progress, p => p.State == DeployStepState.Failed);
        Assert.DoesNotContain(Password, JsonSerializer.Serialize(progress), StringComparison.Ordinal);

        var (audit, _) = await _host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: FrameworkDockerDeployer.AuditAction));
        var row = Assert.Single(audit);
        Assert.Equal(AuditResult.Ok, row.Result);
        Assert.DoesNotContain(Password, JsonSerializer.Serialize(row), StringComparison.Ordinal);
        Assert.Contains("tars-node-1", row.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_deploy_is_refused_unless_replace_is_ticked()
    {
        var deployer = _host.Get<FrameworkDockerDeployer>();
        Assert.True((await deployer.DeployAsync(Admin, infra.Node1.Name, Input())).Succeeded);
        var first = (await _client.Containers.InspectContainerAsync("tars-framework")).ID;

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => deployer.DeployAsync(Admin, infra.Node1.Name, Input()));
        Assert.Equal("Framework.Deploy.Exists", refused.For(nameof(FrameworkDockerInput.Replace))!.Code);
        Assert.Equal(first, (await _client.Containers.InspectContainerAsync("tars-framework")).ID);

        var input = Input();
        input.Replace = true;
        var replaced = await deployer.DeployAsync(Admin, infra.Node1.Name, input);
        Assert.True(replaced.Succeeded, $"{replaced.FailedStep}: {replaced.Error}");
        Assert.NotEqual(first, (await _client.Containers.InspectContainerAsync("tars-framework")).ID);
    }

    [Fact]
    public async Task A_failed_step_is_named_and_what_was_created_is_listed_for_cleanup()
    {
        var input = Input();
        // A registry that refuses connections: the pull fails at once.
        input.NodeImage = "127.0.0.1:1/missing/tars-node";

        var result = await _host.Get<FrameworkDockerDeployer>().DeployAsync(Admin, infra.Node1.Name, input);

        Assert.False(result.Succeeded);
        Assert.Equal("image 127.0.0.1:1/missing/tars-node:stand-in", result.FailedStep);
        Assert.Equal([$"network {_network}"], result.Created);
        await _client.Networks.InspectNetworkAsync(_network);
        var (audit, _) = await _host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: FrameworkDockerDeployer.AuditAction));
        Assert.Equal(AuditResult.Failed, Assert.Single(audit).Result);
    }

    [Fact]
    public async Task A_caller_without_the_deploy_grant_is_refused_before_anything_is_created()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _host.Get<FrameworkDockerDeployer>().DeployAsync(new Caller("nobody"), infra.Node1.Name, Input()));
        await Assert.ThrowsAnyAsync<DockerApiException>(() => _client.Networks.InspectNetworkAsync(_network));
    }

    private static List<LiveEvent> Drain(LiveSubscription subscription)
    {
        var events = new List<LiveEvent>();
        while (subscription.Reader.TryRead(out var liveEvent))
        {
            events.Add(liveEvent);
        }

        return events;
    }

    // Consecutive loopback-free ports for the nodes' published blocks.
    private static int FreePortBlock(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var start = Random.Shared.Next(20000, 60000);
            if (Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
