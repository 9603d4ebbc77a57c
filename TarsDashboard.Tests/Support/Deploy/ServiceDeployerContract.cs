using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Deploy.Service;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Deploy;

/// <summary>The service deployer on a real database: exactly the expected rows, or none at all; each provider runs it through a subclass.</summary>
public abstract class ServiceDeployerContract
{
    private static readonly Caller Admin = new("admin");

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    private async Task<(CoreHost Host, int ImageId)> HostAsync()
    {
        var host = await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync());
        foreach (var name in new[] { "10.0.0.1", "10.0.0.2" })
        {
            await host.Get<NodeRepository>().InsertAsync(new NodeRow
            {
                NodeName = name, Endpoint = "tcp://127.0.0.1:1", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
            });
        }

        var image = new BaseImageRow { Image = "tarscloud/tars.cppbase:v3", CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
        await host.Get<BaseImageRepository>().InsertAsync(image);
        return (host, image.Id);
    }

    private static ServiceDeployRequest Request(int imageId) => new()
    {
        Application = "Shop",
        NewApplication = true,
        ServerName = "OrderServer",
        ServerType = "tars_cpp",
        TemplateName = "tars.default",
        EnableSet = true,
        SetName = "sh",
        SetArea = "a",
        SetGroup = "1",
        Nodes = ["10.0.0.1", "10.0.0.2"],
        Adapters =
        [
            new ServiceDeployAdapter { ObjName = "OrderObj", Ports = new() { ["10.0.0.1"] = 12001, ["10.0.0.2"] = 12002 } },
            new ServiceDeployAdapter { ObjName = "AdminObj", Transport = "udp", Protocol = "not_tars", ThreadNum = 2, Ports = new() { ["10.0.0.1"] = 12003, ["10.0.0.2"] = 12004 } },
        ],
        RunType = RunTypes.Container,
        BaseImageId = imageId,
        Volumes = [new VolumeMapping("/data/shop", "/data/in")],
        Ports = [new PortMapping(8080, "tcp", "", 18080)],
    };

    private static async Task<(int Servers, int Adapters)> CountAsync(CoreHost host)
    {
        var database = host.Get<TarsDatabase>();
        return (await database.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM t_server_conf"),
            await database.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM t_adapter_conf"));
    }

    [Fact]
    public async Task Deploy_writes_one_server_row_per_node_and_each_adapter_per_node_with_container_settings_in_the_profile()
    {
        var (host, imageId) = await HostAsync();
        await using var _ = host;

        var request = Request(imageId);
        request.Developers = "admin";
        var result = await host.Get<ServiceDeployer>().DeployAsync(Admin, request);

        Assert.Equal((2, 4), await CountAsync(host));
        var servers = (await host.Get<ServerConfRepository>().ListAsync()).Where(r => r.Application == "Shop").ToList();
        Assert.Equal(["10.0.0.1", "10.0.0.2"], servers.Select(s => s.NodeName));
        Assert.Equal(result.Servers.Select(s => s.Id).Order(), servers.Select(s => s.Id).Order());
        Assert.All(servers, s =>
        {
            Assert.Equal(("OrderServer", "tars_cpp", "tars.default", "container", imageId), (s.ServerName, s.ServerType, s.TemplateName, s.RunType, s.BaseImageId ?? 0));
            Assert.Equal(("Y", "sh", "a", "1", "inactive", "admin"), (s.EnableSet, s.SetName, s.SetArea, s.SetGroup, s.PresentState, s.Lastuser));
            var settings = ContainerSettingsReader.Read(TarsConfigParser.Parse(s.Profile!).Document!).Settings;
            Assert.Equal([new VolumeMapping("/data/shop", "/data/in")], settings.Volumes);
            Assert.Equal([new PortMapping(8080, "tcp", "0.0.0.0", 18080)], settings.Ports);
        });

        var adapters = host.Get<AdapterConfRepository>();
        var node2 = await adapters.ListForInstanceAsync("Shop", "OrderServer", "10.0.0.2");
        Assert.Equal(["Shop.OrderServer.AdminObjAdapter", "Shop.OrderServer.OrderObjAdapter"], node2.Select(a => a.AdapterName));
        Assert.Equal("udp -h 10.0.0.2 -t 60000 -p 12004 -e 0", node2[0].Endpoint);
        Assert.Equal(("Shop.OrderServer.AdminObj", 2, "not_tars"), (node2[0].Servant, node2[0].ThreadNum, node2[0].Protocol));
        Assert.Equal("tcp -h 10.0.0.2 -t 60000 -p 12002 -e 0", node2[1].Endpoint);
        Assert.Equal((100000, 50000, 20000), (node2[1].MaxConnections, node2[1].Queuecap ?? 0, node2[1].Queuetimeout ?? 0));

        Assert.Contains(await host.Get<GrantRepository>().ListForUserAsync("admin"), g => g is { Role: Role.Developer, Scope: "Shop.OrderServer" });
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(Admin, new AuditQuery(Action: "service.deploy"));
        Assert.Equal(AuditResult.Ok, Assert.Single(audit).Result);
    }

    [Fact]
    public async Task A_collision_on_the_second_nodes_adapter_leaves_nothing_behind_and_says_it_already_exists()
    {
        var (host, imageId) = await HostAsync();
        await using var _ = host;
        // A stray adapter row of the same servant on node 2 (no instance): only the write itself can find it.
        await host.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = "Shop", ServerName = "OrderServer", NodeName = "10.0.0.2", AdapterName = "Shop.OrderServer.OrderObjAdapter",
            Servant = "Shop.OrderServer.OrderObj", Endpoint = "tcp -h 10.0.0.2 -t 60000 -p 15000 -e 0", ThreadNum = 1, MaxConnections = 1,
            Protocol = "tars", AllowIp = "", Handlegroup = "", Posttime = DateTime.UtcNow, Lastuser = "x",
        });
        var before = await CountAsync(host);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => host.Get<ServiceDeployer>().DeployAsync(Admin, Request(imageId)));

        Assert.Equal("ServiceWizard.Server.AlreadyExists", Assert.Single(refused.Errors).Code);
        Assert.Equal(before, await CountAsync(host));
        Assert.Equal((0, 1), before);
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_the_writes_leaves_nothing_behind()
    {
        var (host, imageId) = await HostAsync();
        await using var _ = host;
        var deployer = host.Get<ServiceDeployer>();
        deployer.AfterInsert = count => count == 3 ? throw new InvalidOperationException("forced") : Task.CompletedTask;

        await Assert.ThrowsAsync<InvalidOperationException>(() => deployer.DeployAsync(Admin, Request(imageId)));

        Assert.Equal((0, 0), await CountAsync(host));
    }

    [Fact]
    public async Task A_service_that_exists_is_refused_before_anything_is_written_and_a_caller_without_the_grant_is_denied()
    {
        var (host, imageId) = await HostAsync();
        await using var _ = host;
        var deployer = host.Get<ServiceDeployer>();
        await deployer.DeployAsync(Admin, Request(imageId));
        var again = Request(imageId);
        again.NewApplication = false;
        again.Adapters.ForEach(a => a.Ports = a.Ports.ToDictionary(p => p.Key, p => p.Value + 100));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => deployer.DeployAsync(Admin, again));
        Assert.Contains(refused.Errors, e => e.Code == "ServiceWizard.Server.Taken");
        await Assert.ThrowsAsync<AccessDeniedException>(() => deployer.DeployAsync(new Caller("nobody"), Request(imageId)));
        Assert.Equal((2, 4), await CountAsync(host));
    }
}
