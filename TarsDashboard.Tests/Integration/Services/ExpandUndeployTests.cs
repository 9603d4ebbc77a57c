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
    private EngineServiceBed _bed = null!;

    public async Task InitializeAsync() => _bed = await EngineServiceBed.StartAsync(infra, "Exp");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Expanding_picks_a_free_port_on_the_new_node_and_the_copy_runs_there_then_undeploy_waits_for_it_to_stop()
    {
        var source = await SeedAsync("node1");
        // The source's port is taken on node2 by another service: the copy must get another one.
        await _bed.Host.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = "Other", ServerName = "Busy", NodeName = "node2", AdapterName = "Other.Busy.MainObjAdapter",
            Endpoint = $"tcp -h node2 -p {Port} -t 60000", Servant = "Other.Busy.MainObj", AllowIp = "",
        });
        var expander = _bed.Host.Get<ServiceExpander>();

        var preview = await expander.PreviewAsync(Admin, source, ["node2"]);
        var planned = Assert.Single(Assert.Single(preview.Instances).Adapters);
        var endpoint = EndpointText.Parse(planned.Endpoint);
        Assert.Equal(("node2", "tcp"), (endpoint.Host, endpoint.Transport));
        Assert.NotEqual(Port, endpoint.Port);
        Assert.InRange(endpoint.Port, AdapterService.AutoPortFirst, AdapterService.AutoPortLast);
        Assert.Null(await _bed.Host.Get<ServerConfRepository>().FindAsync("Test", _bed.Server, "node2"));

        var written = await expander.ExpandAsync(Admin, source, ["node2"]);
        var copy = Assert.Single(written.Instances);
        var row = (await _bed.Host.Get<ServerConfRepository>().GetAsync(copy.ServerId))!;
        Assert.Equal(("node2", "tars.default", RunTypes.Container, PresentStates.Inactive), (row.NodeName, row.TemplateName, row.RunType, row.PresentState));
        var adapter = Assert.Single(await _bed.Host.Get<AdapterConfRepository>().ListForInstanceAsync("Test", _bed.Server, "node2"));
        Assert.Equal((EndpointText.Parse(adapter.Endpoint).Port, $"Test.{_bed.Server}.MainObj"), (EndpointText.Parse(copy.Adapters[0].Endpoint).Port, adapter.Servant));
        var again = await Assert.ThrowsAsync<ValidationFailedException>(() => expander.PreviewAsync(Admin, source, ["node2", "nowhere"]));
        Assert.Equal(["Expand.AlreadyThere", "Expand.UnknownNode"], again.Errors.Select(e => e.Code));

        // The copy runs: the package of the source, published to it.
        var store = _bed.Host.Get<ServicePackageStore>();
        var package = await store.UploadAsync(Admin, "Test", _bed.Server, "v1.tgz", new MemoryStream(TestPackages.Sleeper(_bed.Server, "version 1")));
        var publish = await store.PublishAsync(Admin, package.Id, [copy.ServerId]);
        await store.WaitAsync(publish.TaskNo);
        using var client = DockerClientPool.Create(infra.Node2.Endpoint, "");
        Assert.True((await client.Containers.InspectContainerAsync($"Test.{_bed.Server}")).State!.Running);

        var undeployer = _bed.Host.Get<ServiceUndeployer>();
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => undeployer.UndeployAsync(Admin, copy.ServerId));
        Assert.Equal("Undeploy.Active", Assert.Single(refused.Errors).Code);
        Assert.NotNull(await _bed.Host.Get<ServerConfRepository>().GetAsync(copy.ServerId));

        var lifecycle = _bed.Host.Get<ServiceLifecycle>();
        var stop = await lifecycle.StopAsync(Admin, [copy.ServerId]);
        await lifecycle.WaitAsync(stop.TaskNo);
        var serviceFolder = _bed.ServiceFolder("node2");
        Assert.True(Directory.Exists(serviceFolder));

        var steps = await undeployer.UndeployAsync(Admin, copy.ServerId);

        Assert.Contains(steps, s => s.StartsWith("removed", StringComparison.Ordinal) && s.Contains($"tarsnode-data/Test.{_bed.Server}", StringComparison.Ordinal));
        Assert.Null(await _bed.Host.Get<ServerConfRepository>().GetAsync(copy.ServerId));
        Assert.Empty(await _bed.Host.Get<AdapterConfRepository>().ListForInstanceAsync("Test", _bed.Server, "node2"));
        Assert.False(Directory.Exists(serviceFolder));
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync($"Test.{_bed.Server}"));
        Assert.NotNull(await _bed.Host.Get<ServerConfRepository>().GetAsync(source));
        Assert.DoesNotContain(await client.Containers.ListContainersAsync(new ContainersListParameters { All = true }),
            c => c.Labels?.ContainsKey("tdash.role") == true);
    }

    [Fact]
    public async Task A_command_to_an_instance_the_dashboard_runs_is_refused_with_the_reason_and_a_blank_one_at_the_field()
    {
        var source = await SeedAsync("node1");
        var commands = _bed.Host.Get<ServiceCommandSender>();

        var noChannel = await Assert.ThrowsAsync<ValidationFailedException>(() => commands.SendAsync(Admin, source, "tars.viewstatus"));
        var blank = await Assert.ThrowsAsync<ValidationFailedException>(() => commands.SendAsync(Admin, source, "  "));
        var twoLines = await Assert.ThrowsAsync<ValidationFailedException>(() => commands.SendAsync(Admin, source, "tars.viewstatus\nrm -rf /"));

        Assert.Equal("Command.NoAdminChannel", Assert.Single(noChannel.Errors).Code);
        Assert.Equal(("Command", "Command.Required"), (Assert.Single(blank.Errors).Field, blank.Errors[0].Code));
        Assert.Equal("Command.Invalid", Assert.Single(twoLines.Errors).Code);
    }

    private Task<int> SeedAsync(string node) => _bed.SeedAsync(node, Port);
}
