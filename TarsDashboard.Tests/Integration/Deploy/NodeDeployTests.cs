using Docker.DotNet.Models;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Deploy.Node;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Core.Live;
using TarsDashboard.Tests.Images;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Deploy;

/// <summary>The add-node wizard's work on a real engine: the node, its images and a tarsnode container.</summary>
[Collection("infra")]
public sealed class NodeDeployTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task Adding_a_node_syncs_the_registered_images_and_starts_a_tarsnode_container_as_the_seed_lists_it()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var unique = "n" + Guid.NewGuid().ToString("N")[..8];
        var agentImage = $"tarsdash-test/tars-node-{unique}:stand-in";
        await BusyboxVariant.ImportAsync(infra.Node2, $"tarsdash-test/tars-node-{unique}", "stand-in", unique,
            changes: "ENTRYPOINT [\"/bin/sh\", \"-c\", \"busybox sleep 600\"]");
        var pushed = await infra.Registry.PushImageAsync(infra.Node1, InfraFixture.BusyboxImage, $"{unique}/busybox:1");
        await host.Get<RegistryService>().AddAsync(Admin,
            new RegistryInput { Registry = infra.Registry.Host, Username = infra.Registry.UserName, Password = infra.Registry.Password });
        await host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = pushed });
        using var hostPath = new TempFolder();
        var request = new NodeDeployRequest
        {
            Node = new NodeInput { Name = unique, Endpoint = infra.Node2.SocketPath, Labels = "rack=b" },
            SyncImages = true,
            StartTarsNode = true,
            TarsNode = new TarsNodeContainerInput
            {
                ContainerName = $"tars-node-{unique}",
                Image = agentImage,
                WebHost = "http://172.25.0.3:3000",
                HostPath = hostPath.Path,
                DockerSocketSource = infra.Node2.SocketPath,
            },
        };
        var steps = new List<NodeDeployStep>();

        var ok = await host.Get<NodeDeployer>().DeployAsync(Admin, request, new SynchronousProgress<NodeDeployStep>(steps.Add));

        Assert.True(ok, string.Join("; ", steps));
        Assert.Equal(["add", "add", "sync", "sync", "tarsnode", "tarsnode"], steps.Select(s => s.Kind));
        Assert.All(steps.Where((_, i) => i % 2 == 1), s => Assert.Equal(DeployStepState.Succeeded, s.State));
        // The agent owns the node's services from the start: the wizard does not set up the fight.
        Assert.Equal(NodeManagement.Tarsnode, (await host.Get<NodeService>().GetAsync(Admin, unique))!.Management);

        using var client = DockerClientPool.Create(infra.Node2.Endpoint, "");
        try
        {
            await client.Images.InspectImageAsync(pushed);
            var container = await client.Containers.InspectContainerAsync($"tars-node-{unique}");
            Assert.True(container.State!.Running);
            Assert.Equal(agentImage, container.Config!.Image);
            Assert.Equal("host", container.HostConfig!.NetworkMode);
            Assert.Equal(RestartPolicyKind.UnlessStopped, container.HostConfig.RestartPolicy.Name);
            Assert.Equal(
                [$"{hostPath.Path}:/data/tars", "/etc/localtime:/etc/localtime:ro", $"{infra.Node2.SocketPath}:/var/run/docker.sock"],
                container.HostConfig.Binds);
            Assert.Contains("INET=eth0", container.Config.Env);
            Assert.Contains("WEB_HOST=http://172.25.0.3:3000", container.Config.Env);
            Assert.Contains($"TARS_HOSTPATH={hostPath.Path}", container.Config.Env);
            Assert.Equal("tarsnode", container.Config.Labels["tars.role"]);

            // The same container name again: the node is added, the agent step says why it did not start.
            var again = new NodeDeployRequest { Node = new NodeInput { Name = unique + "b", Endpoint = infra.Node2.SocketPath }, SyncImages = false, StartTarsNode = true, TarsNode = request.TarsNode };
            steps.Clear();
            Assert.False(await host.Get<NodeDeployer>().DeployAsync(Admin, again, new SynchronousProgress<NodeDeployStep>(steps.Add)));
            var failed = steps.Last();
            Assert.Equal(("tarsnode", DeployStepState.Failed), (failed.Kind, failed.State));
            Assert.Contains("already exists", failed.Detail);
        }
        finally
        {
            await client.Containers.RemoveContainerAsync($"tars-node-{unique}", new ContainerRemoveParameters { Force = true });
        }
    }

    [Fact]
    public async Task A_name_a_tarsnode_heartbeats_for_is_refused_by_the_kind_unless_the_node_is_tarsnode_managed()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var unique = "n" + Guid.NewGuid().ToString("N")[..8];
        await TarsnodeTraces.SetHeartbeatAsync(host.Get<TarsDashboard.Core.Data.TarsDatabase>(), unique, 1);
        var deployer = host.Get<NodeDeployer>();
        var engineManaged = new NodeDeployRequest { Node = new NodeInput { Name = unique, Endpoint = infra.Node1.SocketPath }, SyncImages = false };

        var errors = await deployer.ValidateAsync(Admin, engineManaged);
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            deployer.DeployAsync(Admin, engineManaged, new SynchronousProgress<NodeDeployStep>(_ => { })));

        Assert.Equal("Node.Management.TarsnodeHeartbeat", Assert.Single(errors).Code);
        Assert.Equal("Node.Management.TarsnodeHeartbeat", refused.For(nameof(NodeInput.Management))?.Code);
        engineManaged.Node.Management = NodeManagement.Tarsnode;
        Assert.True(await deployer.DeployAsync(Admin, engineManaged, new SynchronousProgress<NodeDeployStep>(_ => { })));
        Assert.Equal(NodeManagement.Tarsnode, (await host.Get<NodeService>().GetAsync(Admin, unique))!.Management);
    }

    [Fact]
    public async Task Adding_an_engine_managed_node_over_a_stale_heartbeat_clears_it_and_says_so_on_the_add_step()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var unique = "n" + Guid.NewGuid().ToString("N")[..8];
        var database = host.Get<TarsDashboard.Core.Data.TarsDatabase>();
        await TarsnodeTraces.SetHeartbeatAsync(database, unique, 600);
        var steps = new List<NodeDeployStep>();

        Assert.True(await host.Get<NodeDeployer>().DeployAsync(Admin,
            new NodeDeployRequest { Node = new NodeInput { Name = unique, Endpoint = infra.Node1.SocketPath }, SyncImages = false },
            new SynchronousProgress<NodeDeployStep>(steps.Add)));

        var added = steps.Last(s => s.Kind == "add");
        Assert.Equal(DeployStepState.Succeeded, added.State);
        Assert.Matches($@"^cleared the stale tarsnode heartbeat of {unique} \(last \d\d:\d\d:\d\d\)$", added.Detail);
        Assert.Null(await TarsnodeTraces.ReadHeartbeatAsync(database, unique));
    }

    [Fact]
    public async Task An_agent_image_on_a_private_registry_is_pulled_with_the_credentials_registered_for_its_host()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var unique = "p" + Guid.NewGuid().ToString("N")[..8];
        await BusyboxVariant.ImportAsync(infra.Node1, $"tarsdash-test/agent-{unique}", "1", unique,
            changes: "ENTRYPOINT [\"/bin/sh\", \"-c\", \"busybox sleep 600\"]");
        var pushed = await infra.Registry.PushImageAsync(infra.Node1, $"tarsdash-test/agent-{unique}:1", $"{unique}/tars-node:1");
        await host.Get<RegistryService>().AddAsync(Admin,
            new RegistryInput { Registry = infra.Registry.Host, Username = infra.Registry.UserName, Password = infra.Registry.Password });
        using var hostPath = new TempFolder();
        var request = new NodeDeployRequest
        {
            Node = new NodeInput { Name = unique, Endpoint = infra.Node2.SocketPath },
            SyncImages = false,
            StartTarsNode = true,
            TarsNode = new TarsNodeContainerInput
            {
                ContainerName = $"tars-node-{unique}", Image = pushed, WebHost = "http://127.0.0.1:3000", HostPath = hostPath.Path,
                DockerSocketSource = infra.Node2.SocketPath,
            },
        };
        var steps = new List<NodeDeployStep>();

        var ok = await host.Get<NodeDeployer>().DeployAsync(Admin, request, new SynchronousProgress<NodeDeployStep>(steps.Add));

        using var client = DockerClientPool.Create(infra.Node2.Endpoint, "");
        try
        {
            Assert.True(ok, string.Join("; ", steps));
            Assert.True((await client.Containers.InspectContainerAsync($"tars-node-{unique}")).State!.Running);
        }
        finally
        {
            await client.Containers.RemoveContainerAsync($"tars-node-{unique}", new ContainerRemoveParameters { Force = true });
        }
    }

    [Fact]
    public async Task Bad_input_and_a_taken_name_are_refused_by_field_before_anything_is_stored()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var deployer = host.Get<NodeDeployer>();
        await host.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "taken", Endpoint = infra.Node1.SocketPath });
        var request = new NodeDeployRequest
        {
            Node = new NodeInput { Name = "taken", Endpoint = infra.Node1.SocketPath },
            StartTarsNode = true,
            TarsNode = new TarsNodeContainerInput { ContainerName = "bad name", Image = "bad image!", WebHost = "not a url", Inet = "eth0; rm -rf /", HostPath = "data/../x", Network = "bridge", Ports = "70000" },
        };

        var errors = await deployer.ValidateAsync(Admin, request);

        Assert.Equal("Node.Name.Taken", errors.Single(e => e.Field == "Name").Code);
        foreach (var field in new[] { "ContainerName", "Image", "WebHost", "Inet", "HostPath", "Ports" })
        {
            Assert.Contains(errors, e => e.Field == NodeDeployer.TarsNodeFieldPrefix + field);
        }

        await Assert.ThrowsAsync<ValidationFailedException>(() => deployer.DeployAsync(Admin, request, new SynchronousProgress<NodeDeployStep>(_ => { })));
        Assert.Single(await host.Get<NodeService>().ListAsync(Admin));
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_the_first_step_and_stores_nothing()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var steps = new List<NodeDeployStep>();
        var request = new NodeDeployRequest { Node = new NodeInput { Name = "ghost", Endpoint = $"tcp://127.0.0.1:{FreePort.Next()}" } };

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            host.Get<NodeDeployer>().DeployAsync(Admin, request, new SynchronousProgress<NodeDeployStep>(steps.Add)));

        Assert.Equal("Node.Endpoint.Unreachable", refused.For("Endpoint")?.Code);
        Assert.Equal(DeployStepState.Failed, steps.Last().State);
        Assert.Empty(await host.Get<NodeService>().ListAsync(Admin));
    }

    [Theory]
    [InlineData("9000-9010", 11)]
    [InlineData("9000, 9002-9003", 3)]
    [InlineData("0", -1)]
    [InlineData("9010-9000", -1)]
    [InlineData("1-65535", -1)]
    [InlineData("80;rm", -1)]
    public void Port_lists_parse_as_ranges_and_lists_or_are_refused(string text, int count)
    {
        Assert.Equal(count, TarsNodeContainerPlan.ParsePorts(text)?.Count ?? -1);
    }

    [Fact]
    public void On_a_named_network_the_agent_publishes_its_ports_and_the_docker_run_line_matches()
    {
        var spec = TarsNodeContainerPlan.Build(new TarsNodeContainerInput { WebHost = "http://10.0.0.5:3000", Network = "tars", Ports = "9000-9001" });

        Assert.Equal(["9000/tcp", "9001/tcp"], spec.ToCreateParameters().HostConfig!.PortBindings!.Keys.Order());
        Assert.Null(spec.ToCreateParameters().Entrypoint);
        Assert.Equal(
            "docker run -d --name tars-node --network tars --restart unless-stopped -v /data/tars:/data/tars -v /etc/localtime:/etc/localtime:ro "
            + "-v /var/run/docker.sock:/var/run/docker.sock -p 9000:9000/tcp -p 9001:9001/tcp -e INET=eth0 -e WEB_HOST=http://10.0.0.5:3000 "
            + "-e TARS_HOSTPATH=/data/tars --label tars.role=tarsnode tarscloud/tars-node:latest",
            spec.ToDockerRunLine());
    }


    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("tdash-node-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
