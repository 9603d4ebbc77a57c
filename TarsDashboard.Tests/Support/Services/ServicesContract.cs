using System.Diagnostics;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace TarsDashboard.Tests.Services;

/// <summary>The services core (tree, edit, adapters) on a real database; each provider runs every case through a subclass.</summary>
public abstract class ServicesContract(ITestOutputHelper output)
{
    protected static readonly Caller Admin = new("admin");

    private const string ServerDir = "/usr/local/app/tars/tarsnode/data/Test.Hello";

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    private async Task<CoreHost> HostAsync() => await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync());

    [Fact]
    public async Task The_tree_of_10000_instances_is_read_in_one_query_and_built_in_memory_for_each_callers_grants()
    {
        await using var host = await HostAsync();
        var images = host.Get<BaseImageRepository>();
        var image = new BaseImageRow { Image = "tarscloud/tars.cppbase:v3", CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
        await images.InsertAsync(image);
        var rows = new List<ServerConfRow>();
        for (var a = 0; a < 100; a++)
        {
            for (var s = 0; s < 10; s++)
            {
                for (var n = 0; n < 10; n++)
                {
                    var i = rows.Count;
                    rows.Add(new ServerConfRow
                    {
                        Application = $"App{a:D3}", ServerName = $"Server{s}", NodeName = $"10.0.{a % 4}.{n}", TemplateName = "tars.default",
                        PresentState = PresentStates.All[i % 5], SettingState = "active",
                        EnableSet = i % 7 == 0 ? "Y" : "N", SetName = "sh", SetArea = "a", SetGroup = $"{i % 3}",
                        RunType = i % 2 == 0 ? "container" : "", BaseImageId = i % 2 == 0 ? image.Id : 0,
                    });
                }
            }
        }

        var insert = Stopwatch.StartNew();
        await host.Get<ServerConfRepository>().InsertManyAsync(rows);
        output.WriteLine($"{Provider}: inserted {rows.Count} rows in {insert.ElapsedMilliseconds} ms");
        var query = host.Get<ServiceTreeQuery>();

        await query.LoadAsync(Admin); // warm up the connection pool and Dapper's mapper
        var load = Stopwatch.StartNew();
        var instances = await query.LoadAsync(Admin);
        load.Stop();
        var build = Stopwatch.StartNew();
        var tree = ServiceTree.Build(instances);
        build.Stop();
        var filter = Stopwatch.StartNew();
        var filtered = ServiceTree.Build(instances, new ServiceTreeFilter("server3 10.0.1", PresentStates.Active, null, RunTypes.Container));
        filter.Stop();
        output.WriteLine($"{Provider}: query {load.Elapsed.TotalMilliseconds:F1} ms, tree build {build.Elapsed.TotalMilliseconds:F1} ms, " +
            $"filtered build {filter.Elapsed.TotalMilliseconds:F1} ms for {instances.Count} instances");

        Assert.Equal((10_000, 10_000), (tree.TotalInstances, tree.MatchedInstances));
        Assert.Equal(100, tree.Applications.Count);
        Assert.All(tree.Applications, a => Assert.Equal(10, a.Servers.Count));
        Assert.All(tree.Applications.SelectMany(a => a.Servers), s => Assert.Equal(10, s.Instances.Count));
        var first = tree.Applications[0].Servers[0].Instances[0];
        Assert.Equal(("App000", "Server0", "10.0.0.0", "sh.a.0", "container", "tarscloud/tars.cppbase:v3"),
            (first.Application, first.ServerName, first.NodeName, first.SetDivision, first.RunType, first.Image));
        Assert.Null(tree.Applications[0].Servers[0].Instances[1].SetDivision);
        Assert.All(filtered.Applications.SelectMany(a => a.Servers).SelectMany(s => s.Instances), i =>
            Assert.True(i is { ServerName: "Server3", PresentState: "active", RunType: "container" } && i.NodeName.StartsWith("10.0.1.", StringComparison.Ordinal)));
        Assert.True(filtered.MatchedInstances > 0);

        await CreateUserAsync(host, "dev1", Role.Developer, "App042");
        await host.Get<UserService>().GrantAsync(Admin, new Grant("dev1", Role.Developer, "App007.Server1"));
        var mine = await query.QueryAsync(new Caller("dev1"));
        Assert.Equal(["App007", "App042"], mine.Applications.Select(a => a.Name));
        Assert.Equal((110, 110), (mine.TotalInstances, mine.MatchedInstances));
        Assert.Empty((await query.QueryAsync(new Caller("nobody"))).Applications);
    }

    [Fact]
    public async Task Editing_the_container_section_round_trips_through_the_saved_profile()
    {
        await using var host = await HostAsync();
        var (id, imageId) = await SeedServiceAsync(host, profile: "<tars>\n  <application>\n    <server>\n      logLevel=INFO\n    </server>\n  </application>\n</tars>\n");
        var editor = host.Get<ServiceEditor>();
        var context = (await editor.LoadAsync(Admin, id))!;
        Assert.True(context.MayEdit);
        var input = context.NewInput();
        Assert.Equal(("", 0), (input.RunType, input.Volumes.Count));

        input.RunType = RunTypes.Container;
        input.BaseImageId = imageId;
        input.Volumes.Add(new VolumeMapping("/data/shared", "/data/in-container"));
        input.Ports.Add(new PortMapping(8080, "tcp", "", 18080));
        var preview = ServiceEditor.Preview(context, input);
        Assert.Empty(preview.Errors);
        Assert.Contains("-v /data/shared:/data/in-container", preview.DockerRunLine);
        Assert.Contains("logLevel=INFO", preview.MergedProfile);
        var saved = await editor.SaveAsync(Admin, context.Row, input);

        var stored = (await host.Get<ServerConfRepository>().GetAsync(id))!;
        Assert.Equal(("container", imageId, "admin"), (stored.RunType, stored.BaseImageId ?? 0, stored.Lastuser));
        Assert.Equal(saved.Profile, stored.Profile);
        Assert.Contains("/data/shared=/data/in-container", stored.Profile);
        Assert.Contains("8080/tcp=0.0.0.0:18080", stored.Profile);
        var parsed = TarsConfigParser.Parse(stored.Profile!);
        Assert.True(parsed.Succeeded);
        Assert.Equal("INFO", parsed.Document.GetValue("/tars/application/server<logLevel>"));
        var read = ContainerSettingsReader.Read(parsed.Document).Settings;
        Assert.Equal([new VolumeMapping("/data/shared", "/data/in-container")], read.Volumes);
        Assert.Equal([new PortMapping(8080, "tcp", "0.0.0.0", 18080)], read.Ports);

        // Opened again, the rows come back and the text no longer holds them; saving that unchanged keeps them.
        var reopened = (await editor.LoadAsync(Admin, id))!;
        var again = reopened.NewInput();
        Assert.Equal([new VolumeMapping("/data/shared", "/data/in-container")], again.Volumes);
        Assert.DoesNotContain("volumes", again.PrivateProfile);
        again.Volumes.RemoveAt(0);
        await editor.SaveAsync(Admin, reopened.Row, again);
        var final = ContainerSettingsReader.Read(TarsConfigParser.Parse((await host.Get<ServerConfRepository>().GetAsync(id))!.Profile!).Document!).Settings;
        Assert.Empty(final.Volumes);
        Assert.Single(final.Ports);

        var (audit, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "service.update"));
        Assert.Equal([AuditResult.Ok, AuditResult.Ok], audit.Select(a => a.Result));
    }

    [Fact]
    public async Task Bad_volumes_ports_names_and_paths_are_refused_by_field_and_nothing_is_saved()
    {
        await using var host = await HostAsync();
        var (id, _) = await SeedServiceAsync(host);
        var editor = host.Get<ServiceEditor>();
        var context = (await editor.LoadAsync(Admin, id))!;
        var before = (await host.Get<ServerConfRepository>().GetAsync(id))!;
        var input = context.NewInput();
        input.RunType = RunTypes.Container;
        input.BaseImageId = 0;
        input.TemplateName = "no.such.template";
        input.ServerType = "tars_cobol";
        input.AsyncThreadNum = 0;
        input.ExePath = "relative/bin";
        input.StartScriptPath = "../start.sh";
        input.EnableSet = true;
        input.SetName = "s.1";
        input.SetGroup = "one";
        input.Volumes.Add(new VolumeMapping("/data/ok", "/data/ok"));
        input.Volumes.Add(new VolumeMapping("data/relative", ServerDir + "/conf"));
        input.Ports.Add(new PortMapping(0, "sctp", "300.1.1.1", 70000));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => editor.SaveAsync(Admin, context.Row, input));

        Assert.Equal(
            [
                "AsyncThreadNum", "BaseImageId", "ExePath", "Ports[0].ContainerPort", "Ports[0].HostIp", "Ports[0].HostPort", "Ports[0].Protocol",
                "ServerType", "SetArea", "SetGroup", "SetName", "StartScriptPath", "TemplateName", "Volumes[1].ContainerPath", "Volumes[1].HostPath",
            ],
            refused.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal("Container.Volume.OverServiceFolder", refused.For("Volumes[1].ContainerPath")!.Code);

        var broken = context.NewInput();
        broken.PrivateProfile = "<tars>\n  <application>\n</tars>\n";
        var syntax = await Assert.ThrowsAsync<ValidationFailedException>(() => editor.SaveAsync(Admin, context.Row, broken));
        Assert.Equal("PrivateProfile", Assert.Single(syntax.Errors.Select(e => e.Field).Distinct()));
        Assert.Contains("Line", syntax.Errors[0].Message);

        var twoPlaces = context.NewInput();
        twoPlaces.PrivateProfile = "<tars>\n<application>\n<container>\n<volumes>\n/a=/b\n</volumes>\n</container>\n</application>\n</tars>";
        var lines = await Assert.ThrowsAsync<ValidationFailedException>(() => editor.SaveAsync(Admin, context.Row, twoPlaces));
        Assert.Equal("Service.Profile.ContainerLines", Assert.Single(lines.Errors).Code);

        var after = (await host.Get<ServerConfRepository>().GetAsync(id))!;
        Assert.Equal((before.Profile, before.RunType, before.TemplateName, before.Posttime), (after.Profile, after.RunType, after.TemplateName, after.Posttime));
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "service.update"));
        Assert.All(audit, a => Assert.Equal(AuditResult.Refused, a.Result));
        Assert.Equal(3, audit.Count);
    }

    [Fact]
    public async Task Two_people_editing_the_same_service_the_second_save_is_a_conflict_and_nothing_is_overwritten()
    {
        await using var host = await HostAsync();
        var (id, imageId) = await SeedServiceAsync(host);
        var editor = host.Get<ServiceEditor>();
        var alice = (await editor.LoadAsync(Admin, id))!;
        var bob = (await editor.LoadAsync(Admin, id))!;
        var aliceInput = alice.NewInput();
        aliceInput.RunType = RunTypes.Container;
        aliceInput.BaseImageId = imageId;
        aliceInput.Volumes.Add(new VolumeMapping("/data/alice", "/data/alice"));
        var bobInput = bob.NewInput();
        bobInput.AsyncThreadNum = 9;

        await editor.SaveAsync(Admin, alice.Row, aliceInput);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => editor.SaveAsync(Admin, bob.Row, bobInput));

        var stored = (await host.Get<ServerConfRepository>().GetAsync(id))!;
        Assert.Equal((3, "container"), (stored.AsyncThreadNum ?? 0, stored.RunType));
        Assert.Contains("/data/alice", stored.Profile);
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "service.update"));
        Assert.Equal([AuditResult.Conflict, AuditResult.Ok], audit.Select(a => a.Result));
    }

    [Fact]
    public async Task Changing_the_run_mode_of_a_running_service_needs_the_restart_confirmed()
    {
        await using var host = await HostAsync();
        var (id, imageId) = await SeedServiceAsync(host, presentState: PresentStates.Active);
        var editor = host.Get<ServiceEditor>();
        var context = (await editor.LoadAsync(Admin, id))!;
        var input = context.NewInput();
        input.RunType = RunTypes.Container;
        input.BaseImageId = imageId;

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => editor.SaveAsync(Admin, context.Row, input));
        Assert.Equal(("RestartAcknowledged", "Service.RunType.RestartRequired"), (refused.Errors[0].Field, refused.Errors[0].Code));

        input.RestartAcknowledged = true;
        await editor.SaveAsync(Admin, context.Row, input);
        Assert.Equal("container", (await host.Get<ServerConfRepository>().GetAsync(id))!.RunType);
    }

    [Fact]
    public async Task A_developer_sees_the_service_read_only_and_cannot_save_and_others_cannot_open_it()
    {
        await using var host = await HostAsync();
        var (id, _) = await SeedServiceAsync(host);
        await CreateUserAsync(host, "dev1", Role.Developer, "Test");
        await CreateUserAsync(host, "shop", Role.Operator, "Shop");
        var editor = host.Get<ServiceEditor>();
        var dev = new Caller("dev1");

        var context = (await editor.LoadAsync(dev, id))!;
        Assert.False(context.MayEdit);
        var input = context.NewInput();
        input.AsyncThreadNum = 1;
        input.TemplateName = "no.such.template"; // a refusal must not tell a caller without the grant anything
        await Assert.ThrowsAsync<AccessDeniedException>(() => editor.SaveAsync(dev, context.Row, input));
        await Assert.ThrowsAsync<AccessDeniedException>(() => editor.LoadAsync(new Caller("shop"), id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Get<AdapterService>().AddAsync(dev, id,
            new AdapterInput { ObjName = "HelloObj", Host = "10.0.0.7", Port = 12000 }));

        Assert.Equal(3, (await host.Get<ServerConfRepository>().GetAsync(id))!.AsyncThreadNum);
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(UserName: "dev1"));
        Assert.Equal([AuditResult.Denied, AuditResult.Denied], audit.Select(a => a.Result));
    }

    [Fact]
    public async Task Adapters_are_added_edited_and_deleted_with_validation_and_a_free_port_on_the_node()
    {
        await using var host = await HostAsync();
        var (id, _) = await SeedServiceAsync(host);
        var servers = host.Get<ServerConfRepository>();
        var neighbour = await servers.InsertAsync(new ServerConfRow { Application = "Shop", ServerName = "Cart", NodeName = "10.0.0.7", TemplateName = "tars.default" });
        var elsewhere = await servers.InsertAsync(new ServerConfRow { Application = "Shop", ServerName = "Cart", NodeName = "10.0.0.8", TemplateName = "tars.default" });
        var adapters = host.Get<AdapterService>();

        var hello = await adapters.AddAsync(Admin, id, new AdapterInput { ObjName = "HelloObj", Host = "10.0.0.7", Port = 12000 });
        Assert.Equal(("Test.Hello.HelloObj", "Test.Hello.HelloObjAdapter", "tcp -h 10.0.0.7 -t 60000 -p 12000 -e 0"),
            (hello.Servant, hello.AdapterName, hello.Endpoint));
        Assert.Equal((5, 100000, 50000, 20000, "tars"), (hello.ThreadNum, hello.MaxConnections, hello.Queuecap ?? 0, hello.Queuetimeout ?? 0, hello.Protocol));

        // The same port on the same node is taken, whoever uses it; on another node it is free.
        var taken = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            adapters.AddAsync(Admin, neighbour, new AdapterInput { ObjName = "CartObj", Transport = "udp", Host = "10.0.0.7", Port = 12000 }));
        Assert.Equal("Adapter.Port.Taken", taken.For("Port")!.Code);
        await adapters.AddAsync(Admin, elsewhere, new AdapterInput { ObjName = "CartObj", Host = "10.0.0.8", Port = 12000 });

        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => adapters.AddAsync(Admin, id, new AdapterInput
        {
            ObjName = "Hello.Obj", Transport = "sctp", Host = "10.0.0.300", Port = 0, ThreadNum = 0, Protocol = "http", AllowIp = "1.2.3.4; $(x)",
        }));
        Assert.Equal(["AllowIp", "Host", "ObjName", "Port", "Protocol", "ThreadNum", "Transport"], bad.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        var twice = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            adapters.AddAsync(Admin, id, new AdapterInput { ObjName = "HelloObj", Host = "10.0.0.7", Port = 12001 }));
        Assert.Equal("Adapter.Obj.Taken", Assert.Single(twice.Errors).Code);

        // A port is suggested from 10000..30000 and never one in use on the node.
        var used = new HashSet<int>(Enumerable.Range(AdapterService.AutoPortFirst, 20000));
        Assert.Equal(30000, AdapterService.PickFreePort(used, new Random(1)));
        used.Add(30000);
        Assert.Null(AdapterService.PickFreePort(used, new Random(1)));
        for (var i = 0; i < 20; i++)
        {
            var port = await adapters.SuggestFreePortAsync(Admin, "10.0.0.7");
            Assert.InRange(port, 10000, 30000);
            Assert.NotEqual(12000, port);
        }

        // Edits keep their own port, refuse a stale copy, and delete removes the row.
        var input = AdapterInput.From(hello);
        Assert.Equal(("HelloObj", "10.0.0.7", 12000), (input.ObjName, input.Host, input.Port));
        input.ThreadNum = 8;
        input.AllowIp = "10.0.0.0/8;192.168.1.*";
        var edited = await adapters.UpdateAsync(Admin, hello, input);
        Assert.Equal(8, edited.ThreadNum);
        var stale = AdapterInput.From(hello);
        stale.Port = 12002;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => adapters.UpdateAsync(Admin, hello, stale));
        var listed = Assert.Single(await adapters.ListAsync(Admin, id));
        Assert.Equal((8, "tcp -h 10.0.0.7 -t 60000 -p 12000 -e 0", "10.0.0.0/8;192.168.1.*"), (listed.ThreadNum, listed.Endpoint, listed.AllowIp));

        await adapters.DeleteAsync(Admin, listed);
        Assert.Empty(await adapters.ListAsync(Admin, id));
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "adapter."));
        Assert.Contains(audit, a => a.Action == "adapter.delete" && a.Result == AuditResult.Ok);
        Assert.Contains(audit, a => a.Action == "adapter.update" && a.Result == AuditResult.Conflict);
    }

    [Fact]
    public async Task The_preview_shows_the_container_with_the_nodes_tars_hostpath()
    {
        await using var host = await HostAsync();
        var (id, imageId) = await SeedServiceAsync(host);
        await host.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "10.0.0.7", Endpoint = "unix:///var/run/docker.sock", TarsHostpath = "/data/tars", CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        var context = (await host.Get<ServiceEditor>().LoadAsync(Admin, id))!;
        var input = context.NewInput();
        input.RunType = RunTypes.Container;
        input.BaseImageId = imageId;

        var preview = ServiceEditor.Preview(context, input);

        Assert.Empty(preview.Errors);
        Assert.Equal("/data/tars/tarsnode-data/Test.Hello", preview.Container!.Binds[0].Source);
        Assert.Contains("--entrypoint /usr/local/app/tars/tarsnode/data/Test.Hello/bin/tars_start.sh tarscloud/tars.cppbase:v3", preview.DockerRunLine);
        Assert.Contains("setdivision=${setdivision}", preview.MergedProfile);

        input.BaseImageId = 0;
        Assert.Contains(ServiceEditor.Preview(context, input).Errors, e => e.Code == "Service.Image.Required");
    }

    private static async Task<(int Id, int ImageId)> SeedServiceAsync(CoreHost host, string profile = "", string presentState = "inactive")
    {
        var image = new BaseImageRow { Image = "tarscloud/tars.cppbase:v3", CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
        await host.Get<BaseImageRepository>().InsertAsync(image);
        await host.Get<ProfileTemplateRepository>().InsertAsync(new ProfileTemplateRow
        {
            TemplateName = "tars.cpp.test", ParentsName = DefaultTemplate.Name, Profile = "<tars>\n<application>\n<server>\nlogLevel=DEBUG\n</server>\n</application>\n</tars>",
        });
        var id = await host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "10.0.0.7", TemplateName = "tars.cpp.test", Profile = profile,
            PresentState = presentState, AsyncThreadNum = 3,
        });
        return (id, image.Id);
    }

    private static async Task CreateUserAsync(CoreHost host, string name, Role role, string scope)
    {
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = name, Password = name + "-pass-123" });
        await users.GrantAsync(Admin, new Grant(name, role, scope));
    }
}
