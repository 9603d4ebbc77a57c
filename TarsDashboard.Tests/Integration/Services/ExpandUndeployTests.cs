using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Deploy.Service;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>Expanding a service to the second engine with free ports, undeploying it (refused while it runs), commands.</summary>
[Collection("infra")]
public sealed class ExpandUndeployTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private const int Port = 23461;
    private readonly DirectoryInfo _hostPath = Directory.CreateTempSubdirectory("tdash-exp-host-");
    private readonly DirectoryInfo _dataFolder = Directory.CreateTempSubdirectory("tdash-exp-data-");
    private readonly string _server = "Exp" + Guid.NewGuid().ToString("N")[..8];
    private CoreHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?>
        {
            ["Lifecycle:Privileged"] = "false",
            ["Database:DataFolder"] = _dataFolder.FullName,
        });
        foreach (var engine in infra.Nodes)
        {
            await _host.Get<NodeRepository>().InsertAsync(new NodeRow
            {
                NodeName = engine.Name, Endpoint = engine.Endpoint, TarsHostpath = Path.Combine(_hostPath.FullName, engine.Name),
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
            });
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var engine in infra.Nodes.Where(n => n.IsRunning))
        {
            using var client = DockerClientPool.Create(engine.Endpoint, "");
            try
            {
                await client.Containers.RemoveContainerAsync($"Test.{_server}", new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }

        await _host.DisposeAsync();
        foreach (var folder in new[] { _hostPath, _dataFolder })
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    [Fact]
    public async Task Expanding_picks_a_free_port_on_the_new_node_and_the_copy_runs_there_then_undeploy_waits_for_it_to_stop()
    {
        var source = await SeedAsync("node1");
        // The source's port is taken on node2 by another service: the copy must get another one.
        await _host.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = "Other", ServerName = "Busy", NodeName = "node2", AdapterName = "Other.Busy.MainObjAdapter",
            Endpoint = $"tcp -h node2 -p {Port} -t 60000", Servant = "Other.Busy.MainObj", AllowIp = "",
        });
        var expander = _host.Get<ServiceExpander>();

        var preview = await expander.PreviewAsync(Admin, source, ["node2"]);
        var planned = Assert.Single(Assert.Single(preview.Instances).Adapters);
        var endpoint = EndpointText.Parse(planned.Endpoint);
        Assert.Equal(("node2", "tcp"), (endpoint.Host, endpoint.Transport));
        Assert.NotEqual(Port, endpoint.Port);
        Assert.InRange(endpoint.Port, AdapterService.AutoPortFirst, AdapterService.AutoPortLast);
        Assert.Null(await _host.Get<ServerConfRepository>().FindAsync("Test", _server, "node2"));

        var written = await expander.ExpandAsync(Admin, source, ["node2"]);
        var copy = Assert.Single(written.Instances);
        var row = (await _host.Get<ServerConfRepository>().GetAsync(copy.ServerId))!;
        Assert.Equal(("node2", "tars.default", RunTypes.Container, PresentStates.Inactive), (row.NodeName, row.TemplateName, row.RunType, row.PresentState));
        var adapter = Assert.Single(await _host.Get<AdapterConfRepository>().ListForInstanceAsync("Test", _server, "node2"));
        Assert.Equal((EndpointText.Parse(adapter.Endpoint).Port, $"Test.{_server}.MainObj"), (EndpointText.Parse(copy.Adapters[0].Endpoint).Port, adapter.Servant));
        var again = await Assert.ThrowsAsync<ValidationFailedException>(() => expander.PreviewAsync(Admin, source, ["node2", "nowhere"]));
        Assert.Equal(["Expand.AlreadyThere", "Expand.UnknownNode"], again.Errors.Select(e => e.Code));

        // The copy runs: the package of the source, published to it.
        var store = _host.Get<ServicePackageStore>();
        var package = await store.UploadAsync(Admin, "Test", _server, "v1.tgz", new MemoryStream(TestPackages.Sleeper(_server, "version 1")));
        var publish = await store.PublishAsync(Admin, package.Id, [copy.ServerId]);
        await store.WaitAsync(publish.TaskNo);
        using var client = DockerClientPool.Create(infra.Node2.Endpoint, "");
        Assert.True((await client.Containers.InspectContainerAsync($"Test.{_server}")).State!.Running);

        var undeployer = _host.Get<ServiceUndeployer>();
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => undeployer.UndeployAsync(Admin, copy.ServerId));
        Assert.Equal("Undeploy.Active", Assert.Single(refused.Errors).Code);
        Assert.NotNull(await _host.Get<ServerConfRepository>().GetAsync(copy.ServerId));

        var lifecycle = _host.Get<ServiceLifecycle>();
        var stop = await lifecycle.StopAsync(Admin, [copy.ServerId]);
        await lifecycle.WaitAsync(stop.TaskNo);
        var serviceFolder = Path.Combine(_hostPath.FullName, "node2", "tarsnode-data", $"Test.{_server}");
        Assert.True(Directory.Exists(serviceFolder));

        var steps = await undeployer.UndeployAsync(Admin, copy.ServerId);

        Assert.Contains(steps, s => s.StartsWith("removed", StringComparison.Ordinal) && s.Contains($"tarsnode-data/Test.{_server}", StringComparison.Ordinal));
        Assert.Null(await _host.Get<ServerConfRepository>().GetAsync(copy.ServerId));
        Assert.Empty(await _host.Get<AdapterConfRepository>().ListForInstanceAsync("Test", _server, "node2"));
        Assert.False(Directory.Exists(serviceFolder));
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync($"Test.{_server}"));
        Assert.NotNull(await _host.Get<ServerConfRepository>().GetAsync(source));
        Assert.DoesNotContain(await client.Containers.ListContainersAsync(new ContainersListParameters { All = true }),
            c => c.Labels?.ContainsKey("tdash.role") == true);
    }

    [Fact]
    public async Task A_command_to_an_instance_the_dashboard_runs_is_refused_with_the_reason_and_a_blank_one_at_the_field()
    {
        var source = await SeedAsync("node1");
        var commands = _host.Get<ServiceCommandSender>();

        var noChannel = await Assert.ThrowsAsync<ValidationFailedException>(() => commands.SendAsync(Admin, source, "tars.viewstatus"));
        var blank = await Assert.ThrowsAsync<ValidationFailedException>(() => commands.SendAsync(Admin, source, "  "));
        var twoLines = await Assert.ThrowsAsync<ValidationFailedException>(() => commands.SendAsync(Admin, source, "tars.viewstatus\nrm -rf /"));

        Assert.Equal("Command.NoAdminChannel", Assert.Single(noChannel.Errors).Code);
        Assert.Equal(("Command", "Command.Required"), (Assert.Single(blank.Errors).Field, blank.Errors[0].Code));
        Assert.Equal("Command.Invalid", Assert.Single(twoLines.Errors).Code);
    }

    private async Task<int> SeedAsync(string node)
    {
        var images = _host.Get<BaseImageRepository>();
        var image = (await images.ListAsync()).FirstOrDefault(i => i.Image == InfraFixture.BusyboxImage);
        if (image is null)
        {
            image = new BaseImageRow { Image = InfraFixture.BusyboxImage, CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
            await images.InsertAsync(image);
        }

        var id = await _host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = _server, NodeName = node, TemplateName = "tars.default", RunType = RunTypes.Container, BaseImageId = image.Id,
        });
        await _host.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = "Test", ServerName = _server, NodeName = node, AdapterName = $"Test.{_server}.MainObjAdapter",
            Endpoint = $"tcp -h {node} -p {Port} -t 60000", Servant = $"Test.{_server}.MainObj", AllowIp = "",
        });
        return id;
    }
}
