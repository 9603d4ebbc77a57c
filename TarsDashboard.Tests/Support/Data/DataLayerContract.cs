using Dapper;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Schema;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Core.Templates;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>The data-layer cases; each provider runs all of them through a subclass.</summary>
public abstract class DataLayerContract
{
    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    private async Task<CoreHost> MigratedHostAsync() => await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync());

    [Fact]
    public async Task Migration_on_an_empty_database_creates_the_tars_and_dashboard_tables_and_seeds_tars_default()
    {
        await using var host = await MigratedHostAsync();
        var columns = await SchemaSnapshot.ReadAsync(host.Get<TarsDatabase>());

        foreach (var table in TarsSchema.All.Concat(DashboardSchema.All))
        {
            var actual = columns.Where(c => c.Table == table.Name).Select(c => c.Column).ToList();
            Assert.Equal(table.Columns.Select(c => c.Name), actual);
        }

        var template = await host.Get<ProfileTemplateRepository>().GetAsync(DefaultTemplate.Name);
        Assert.NotNull(template);
        Assert.Contains("locator =${locator}", template.Profile);
        Assert.Equal(1, await host.Get<UserRepository>().CountAsync());
    }

    [Fact]
    public async Task Migration_uses_the_exact_tars_column_types()
    {
        await using var host = await MigratedHostAsync();
        var columns = await SchemaSnapshot.ReadAsync(host.Get<TarsDatabase>());
        string TypeOf(string table, string column) => columns.Single(c => c.Table == table && c.Column == column).Type;

        if (Provider == DatabaseProvider.MySql)
        {
            Assert.Equal("enum('active','inactive','activating','deactivating','destroyed')", TypeOf("t_server_conf", "present_state"));
            Assert.Equal("varchar(128)", TypeOf("t_server_conf", "run_type"));
            Assert.StartsWith("int", TypeOf("t_server_conf", "base_image_id"));
            Assert.Equal("varchar(255)", TypeOf("t_base_image", "sha"));
            Assert.Equal("text", TypeOf("t_profile_template", "profile"));
        }
        else
        {
            Assert.Equal("TEXT", TypeOf("t_server_conf", "present_state"));
            Assert.Equal("INTEGER", TypeOf("t_server_conf", "base_image_id"));
        }
    }

    [Fact]
    public async Task Migration_run_twice_changes_nothing()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        await using var first = await CoreHost.CreateAsync(Provider, connectionString);
        var before = await SchemaSnapshot.ReadAsync(first.Get<TarsDatabase>());

        await first.Get<SchemaMigrator>().MigrateAsync();
        await using var second = await CoreHost.CreateAsync(Provider, connectionString);

        Assert.Equal(before, await SchemaSnapshot.ReadAsync(second.Get<TarsDatabase>()));
        var templates = await second.Get<ProfileTemplateRepository>().ListAsync();
        Assert.Single(templates, t => t.TemplateName == DefaultTemplate.Name);
        Assert.Equal(1, await second.Get<UserRepository>().CountAsync());
    }

    [Fact]
    public async Task Migration_on_an_existing_db_tars_keeps_every_column_and_row_and_adds_only_the_container_columns()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        var database = new TarsDatabase(new DatabaseOptions { Provider = Provider, ConnectionString = connectionString }, Path.GetTempPath());
        await CreateOldDbTarsAsync(database);
        var before = await SchemaSnapshot.ReadAsync(database);

        await using var host = await CoreHost.CreateAsync(Provider, connectionString);

        var after = await SchemaSnapshot.ReadAsync(database);
        foreach (var column in before)
        {
            Assert.Contains(column, after); // same name, type, nullability and default
        }

        var added = after.Where(c => c.Table.StartsWith("t_", StringComparison.Ordinal)).Except(before)
            .Where(c => before.Any(b => b.Table == c.Table))
            .Select(c => $"{c.Table}.{c.Column}").Order().ToList();
        Assert.Equal(["t_base_image.sha", "t_server_conf.base_image_id", "t_server_conf.run_type"], added);

        await using var connection = await database.OpenAsync();
        var server = await connection.QuerySingleAsync<(string, string, string, string, long, string)>(
            "SELECT application, server_name, node_name, profile, remote_log_type, x_site_note FROM t_server_conf");
        Assert.Equal(("Test", "HelloServer", "10.0.0.7", "<tars>\n</tars>", 1L, "kept"), server);
        Assert.Equal(("tars.default", "my own default"), await connection.QuerySingleAsync<(string, string)>(
            "SELECT template_name, profile FROM t_profile_template"));
        Assert.Equal("registry.example:5000/tars/cppbase:v1", await connection.QuerySingleAsync<string>("SELECT image FROM t_base_image"));
        var migrated = await host.Get<ServerConfRepository>().ListAsync();
        Assert.Equal("", Assert.Single(migrated).RunType);
    }

    [Fact]
    public async Task Server_and_adapter_rows_round_trip()
    {
        await using var host = await MigratedHostAsync();
        var servers = host.Get<ServerConfRepository>();
        var row = new ServerConfRow
        {
            Application = "Test", ServerName = "HelloServer", NodeName = "node1", TemplateName = "tars.default",
            ServerType = "tars_cpp", RunType = "container", BaseImageId = 3, Profile = "<tars>\n</tars>",
            Posttime = new DateTime(2026, 11, 23, 8, 30, 0), Lastuser = "admin",
        };
        await servers.InsertAsync(row);

        var read = await servers.GetAsync(row.Id);
        Assert.NotNull(read);
        Assert.Equal(("Test.HelloServer", "container", 3, "tars_cpp"), (read.ServiceId, read.RunType, read.BaseImageId, read.ServerType));
        Assert.Equal(new DateTime(2026, 11, 23, 8, 30, 0), read.Posttime);
        Assert.Equal(1, await servers.CountOnNodeAsync("node1"));

        var adapters = host.Get<AdapterConfRepository>();
        await adapters.InsertAsync(new AdapterConfRow
        {
            Application = "Test", ServerName = "HelloServer", NodeName = "node1", AdapterName = "Test.HelloServer.HelloObjAdapter",
            Servant = "Test.HelloServer.HelloObj", Endpoint = "tcp -h 127.0.0.1 -t 60000 -p 12000 -e 0",
        });
        var adapter = Assert.Single(await adapters.ListForInstanceAsync("Test", "HelloServer", "node1"));
        Assert.Equal((100000, 50000, "tars"), (adapter.MaxConnections, adapter.Queuecap, adapter.Protocol));
        Assert.Equal(["tcp -h 127.0.0.1 -t 60000 -p 12000 -e 0"], await adapters.ListEndpointsOnNodeAsync("node1"));
    }

    [Fact]
    public async Task A_second_instance_with_the_same_application_server_and_node_is_refused()
    {
        await using var host = await MigratedHostAsync();
        var servers = host.Get<ServerConfRepository>();
        await servers.InsertAsync(new ServerConfRow { Application = "Test", ServerName = "A", NodeName = "n" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => servers.InsertAsync(new ServerConfRow { Application = "Test", ServerName = "A", NodeName = "n" }));
        Assert.True(host.Get<TarsDatabase>().Dialect.IsUniqueViolation(error), error.ToString());
    }

    [Fact]
    public async Task Registry_image_and_node_info_rows_round_trip()
    {
        await using var host = await MigratedHostAsync();
        var registries = host.Get<DockerRegistryRepository>();
        var registryId = await registries.InsertAsync(new DockerRegistryRow { Registry = "127.0.0.1:5000", Username = "tars", Password = "cipher", CreateTime = DateTime.UtcNow });
        var images = host.Get<BaseImageRepository>();
        var imageId = await images.InsertAsync(new BaseImageRow { Image = "127.0.0.1:5000/tars/cppbase:v1", RegistryId = registryId, Sha = "sha256:abc" });

        var image = await images.GetAsync(imageId);
        Assert.Equal((registryId, "sha256:abc"), (image!.RegistryId, image.Sha));
        Assert.Equal(1, await images.CountUsingRegistryAsync(registryId));
        Assert.Equal("cipher", (await registries.GetAsync(registryId))!.Password);

        var nodeInfo = host.Get<NodeInfoRepository>();
        await nodeInfo.EnsureAsync("node1", "10.0.0.1", "{}");
        await nodeInfo.EnsureAsync("node1", "10.0.0.2", "{}");
        Assert.Equal("10.0.0.1", (await nodeInfo.GetAsync("node1"))!.EndpointIp);
    }

    [Fact]
    public async Task A_task_and_its_items_are_written_together()
    {
        await using var host = await MigratedHostAsync();
        var tasks = host.Get<TaskRepository>();
        var task = new TaskRow { TaskNo = "t-1", Serial = true, UserName = "admin", CreateTime = DateTime.UtcNow };
        await tasks.InsertAsync(task,
        [
            new TaskItemRow { TaskNo = "t-1", ItemNo = "i-1", Application = "Test", ServerName = "A", NodeName = "n1", Command = "start", Status = 0 },
            new TaskItemRow { TaskNo = "t-1", ItemNo = "i-2", Application = "Test", ServerName = "A", NodeName = "n2", Command = "start", Status = 0 },
        ]);
        await tasks.UpdateItemStatusAsync("i-2", TaskItemStatus.Failed, "pull failed");

        Assert.True((await tasks.GetAsync("t-1"))!.Serial);
        var items = await tasks.ListItemsAsync("t-1");
        Assert.Equal([0, 4], items.Select(i => i.Status ?? -1));
        Assert.Equal("pull failed", items[1].Log);

        // A duplicate item number fails the whole batch: no task row is left behind.
        await Assert.ThrowsAnyAsync<Exception>(() => tasks.InsertAsync(
            new TaskRow { TaskNo = "t-2", CreateTime = DateTime.UtcNow },
            [new TaskItemRow { TaskNo = "t-2", ItemNo = "x" }, new TaskItemRow { TaskNo = "t-2", ItemNo = "x" }]));
        Assert.Null(await tasks.GetAsync("t-2"));
    }

    [Fact]
    public async Task A_node_saved_by_someone_else_meanwhile_is_not_overwritten()
    {
        await using var host = await MigratedHostAsync();
        var nodes = host.Get<NodeRepository>();
        var now = DateTime.UtcNow;
        await nodes.InsertAsync(new NodeRow { NodeName = "n1", Endpoint = "unix:///a.sock", CreatedAt = now, UpdatedAt = now });

        var mine = (await nodes.GetAsync("n1"))!;
        var theirs = (await nodes.GetAsync("n1"))!;
        theirs.Labels = "theirs";
        Assert.True(await nodes.UpdateAsync(theirs));
        mine.Labels = "mine";

        Assert.False(await nodes.UpdateAsync(mine));
        Assert.Equal(("theirs", 2), ((await nodes.GetAsync("n1"))!.Labels, (await nodes.GetAsync("n1"))!.RowVersion));
    }

    [Fact]
    public async Task Passwords_are_hashed_and_repeated_failures_lock_the_account()
    {
        await using var host = await MigratedHostAsync();
        var accounts = host.Get<AccountService>();
        var admin = (await host.Get<UserRepository>().GetAsync("admin"))!;
        Assert.DoesNotContain("Initial-Pass-1", admin.PasswordHash);
        var grant = Assert.Single(await host.Get<GrantRepository>().ListForUserAsync("admin"));
        Assert.Equal((Role.Admin, GrantScope.All), (grant.Role, grant.Scope));

        Assert.Equal(SignInOutcome.Succeeded, (await accounts.CheckPasswordAsync("admin", "Initial-Pass-1")).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.CheckPasswordAsync("admin", "")).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.CheckPasswordAsync("nobody", "x")).Outcome);
        for (var i = 1; i < AccountService.MaxFailedLogins; i++)
        {
            Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.CheckPasswordAsync("admin", "wrong")).Outcome);
        }

        Assert.Equal(SignInOutcome.LockedOut, (await accounts.CheckPasswordAsync("admin", "wrong")).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await accounts.CheckPasswordAsync("admin", "Initial-Pass-1")).Outcome);
    }

    [Fact]
    public async Task Sql_meta_characters_are_stored_as_plain_text()
    {
        await using var host = await MigratedHostAsync();
        var templates = host.Get<ProfileTemplateRepository>();
        const string hostile = "x'); DROP TABLE t_server_conf; -- \\ \" `";
        await templates.InsertAsync(new ProfileTemplateRow { TemplateName = hostile, ParentsName = "tars.default", Profile = hostile });

        Assert.Equal(hostile, (await templates.GetAsync(hostile))!.Profile);
        Assert.Empty(await host.Get<ServerConfRepository>().ListAsync());
    }

    [Fact]
    public async Task The_audit_log_filters_and_pages_and_treats_wildcards_in_filters_as_text()
    {
        await using var host = await MigratedHostAsync();
        var audit = host.Get<AuditLog>();
        for (var i = 0; i < 30; i++)
        {
            await audit.RecordAsync(new Caller(i % 2 == 0 ? "alice" : "bob"), i % 3 == 0 ? "node.add" : "node.remove", $"node{i}", AuditResult.Ok);
        }

        await audit.RecordAsync(new Caller("carol"), "user.create", "100%_sure", AuditResult.Refused);

        var (page, total) = await audit.QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(UserName: "alice", PageSize: 10));
        Assert.Equal(15, total);
        Assert.Equal(10, page.Count);
        Assert.Equal("node28", page[0].Target); // newest first
        Assert.Equal(5, (await audit.QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(UserName: "alice", PageSize: 10, Page: 1))).Rows.Count);
        Assert.Equal(10, (await audit.QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(Action: "node.add"))).Total);
        Assert.Equal(1, (await audit.QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(Target: "100%_"))).Total);
        Assert.Equal(1, (await audit.QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(Target: "%"))).Total);
        Assert.Equal(1, (await audit.QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(Result: AuditResult.Refused))).Total);
        Assert.Equal(0, (await audit.QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(Target: "node_"))).Total);
        Assert.Equal(0, (await audit.QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(From: DateTime.UtcNow.AddMinutes(1)))).Total);
    }

    [Fact]
    public async Task Change_markers_are_a_service_s_successful_changes_in_the_range_whatever_the_target_s_form()
    {
        await using var host = await MigratedHostAsync();
        var audit = host.Get<AuditLog>();
        var admin = new Caller("admin");
        var before = DateTime.UtcNow.AddSeconds(-1);
        await audit.RecordAsync(admin, "service.publish", "Shop.Order on node1, node2", AuditResult.Ok);
        await audit.RecordAsync(new Caller("op1"), "service.update", "Shop.Order@node1", AuditResult.Ok);
        await audit.RecordAsync(admin, "package.default", "Shop.Order", AuditResult.Ok);
        await audit.RecordAsync(admin, "service.restart", "Shop.Order on node1", AuditResult.Refused);
        await audit.RecordAsync(admin, "service.restart", "Shop.OrderX on node1", AuditResult.Ok);
        await audit.RecordAsync(admin, "service.restart", "Shop_Order on node1", AuditResult.Ok);
        await audit.RecordAsync(admin, "node.update", "Shop.Order@node1", AuditResult.Ok);
        var range = TarsDashboard.Core.Logs.LogTimeRange.TryCreate(before, DateTime.UtcNow.AddSeconds(1), out _)!;

        var markers = await host.Get<ServiceChangeMarkers>().ListAsync(admin, "Shop", "Order", range);

        Assert.Equal([("service.publish", "admin"), ("service.update", "op1"), ("package.default", "admin")], markers.Select(m => (m.Action, m.UserName)));
        Assert.All(markers, m => Assert.InRange(m.At, before, DateTime.UtcNow.AddSeconds(1)));
        Assert.Empty(await host.Get<ServiceChangeMarkers>().ListAsync(admin, "Shop", "Order",
            TarsDashboard.Core.Logs.LogTimeRange.TryCreate(before.AddHours(-2), before.AddHours(-1), out _)!));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Get<ServiceChangeMarkers>().ListAsync(new Caller("nobody"), "Shop", "Order", range));
    }

    [Fact]
    public async Task Core_refuses_reads_and_writes_of_another_applications_rows()
    {
        await using var host = await MigratedHostAsync();
        var admin = new Caller("admin");
        var users = host.Get<UserService>();
        await users.CreateAsync(admin, new UserInput { UserName = "op1", Password = "op-pass-12" });
        await users.GrantAsync(admin, new Grant("op1", Role.Operator, "Test"));
        var servers = host.Get<ServerConfRepository>();
        var mine = await servers.InsertAsync(new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "n1", Profile = "" });
        var theirs = await servers.InsertAsync(new ServerConfRow { Application = "Shop", ServerName = "Cart", NodeName = "n1", Profile = "secret-ish" });
        var catalog = host.Get<ServiceCatalog>();
        var op = new Caller("op1");

        Assert.Equal(["Test.Hello"], (await catalog.ListAsync(op)).Select(r => r.ServiceId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => catalog.GetAsync(op, theirs));
        var shop = (await catalog.GetAsync(admin, theirs))!;
        var edited = (await catalog.GetAsync(admin, theirs))!;
        edited.Profile = "overwritten";
        await Assert.ThrowsAsync<AccessDeniedException>(() => catalog.UpdateAsync(op, shop, edited));
        Assert.Equal("secret-ish", (await servers.GetAsync(theirs))!.Profile);

        var hello = (await catalog.GetAsync(op, mine))!;
        var helloEdited = (await catalog.GetAsync(op, mine))!;
        helloEdited.RunType = "container";
        await catalog.UpdateAsync(op, hello, helloEdited);
        Assert.Equal(("container", "op1"), ((await servers.GetAsync(mine))!.RunType, (await servers.GetAsync(mine))!.Lastuser));
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(Action: "service.update"));
        Assert.Equal([AuditResult.Ok, AuditResult.Denied], audit.Select(a => a.Result));
    }

    [Fact]
    public async Task Two_people_saving_the_same_service_the_second_is_refused_and_nothing_is_overwritten()
    {
        await using var host = await MigratedHostAsync();
        var admin = new Caller("admin");
        var id = await host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "n1", AsyncThreadNum = 3 });
        var catalog = host.Get<ServiceCatalog>();
        var aliceOriginal = (await catalog.GetAsync(admin, id))!;
        var bobOriginal = (await catalog.GetAsync(admin, id))!;
        var alice = (await catalog.GetAsync(admin, id))!;
        var bob = (await catalog.GetAsync(admin, id))!;
        alice.AsyncThreadNum = 8;
        bob.TemplateName = "tars.other";

        await catalog.UpdateAsync(admin, aliceOriginal, alice);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => catalog.UpdateAsync(admin, bobOriginal, bob));

        var saved = (await catalog.GetAsync(admin, id))!;
        Assert.Equal((8, ""), (saved.AsyncThreadNum ?? 0, saved.TemplateName));
    }

    [Fact]
    public async Task Tasks_cut_off_by_a_restart_are_marked_interrupted_and_other_tools_tasks_are_left_alone()
    {
        await using var host = await MigratedHostAsync();
        var tasks = host.Get<TaskRepository>();
        var ours = TaskNumbers.NewTaskNo(TimeProvider.System);
        // Made by a dashboard that has since stopped: no owner stamps it, and it is older than Cluster:TaskStaleSeconds.
        await tasks.InsertAsync(new TaskRow { TaskNo = ours, CreateTime = DateTime.UtcNow.AddMinutes(-10) },
        [
            new TaskItemRow { TaskNo = ours, ItemNo = TaskNumbers.ItemNo(ours, 0), Command = "start", Status = (int)TaskItemStatus.Running, Log = "pulling" },
            new TaskItemRow { TaskNo = ours, ItemNo = TaskNumbers.ItemNo(ours, 1), Command = "start", Status = (int)TaskItemStatus.Success },
        ]);
        await tasks.InsertAsync(new TaskRow { TaskNo = "web-42", CreateTime = DateTime.UtcNow },
            [new TaskItemRow { TaskNo = "web-42", ItemNo = "web-42-0", Command = "start", Status = (int)TaskItemStatus.Running }]);

        Assert.Equal(1, await host.Get<InterruptedTaskRecovery>().RecoverAsync());

        var items = await tasks.ListItemsAsync(ours);
        Assert.Equal([(int)TaskItemStatus.Failed, (int)TaskItemStatus.Success], items.Select(i => i.Status ?? -1));
        Assert.Equal("pulling\n" + InterruptedTaskRecovery.InterruptedNote, items[0].Log);
        Assert.Equal((int)TaskItemStatus.Running, (await tasks.ListItemsAsync("web-42"))[0].Status);
    }

    /// <summary>
    /// A db_tars as an older Tars installs it: no container columns, no t_base_image.sha, columns Tars later dropped
    /// (remote_log_*), a site's own extra column, and rows, including its own tars.default.
    /// </summary>
    [Fact]
    public async Task Migration_adds_the_management_column_to_an_old_tdash_node_and_its_nodes_stay_engine_managed()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        var database = new TarsDatabase(new DatabaseOptions { Provider = Provider, ConnectionString = connectionString }, Path.GetTempPath());
        var oldNode = DashboardSchema.Node with { Columns = [.. DashboardSchema.Node.Columns.Where(c => c.Name != "management")] };
        await using (var connection = await database.OpenAsync())
        {
            foreach (var statement in database.Dialect.CreateTable(oldNode))
            {
                await connection.ExecuteAsync(statement);
            }

            await connection.ExecuteAsync(
                "INSERT INTO tdash_node (node_name, endpoint, created_at, updated_at, updated_by) VALUES ('10.0.0.7', 'tcp://10.0.0.7:2375', @now, @now, 'old')",
                new { now = DateTime.UtcNow });
        }

        var before = await SchemaSnapshot.ReadAsync(database);

        await using var host = await CoreHost.CreateAsync(Provider, connectionString);
        await host.Get<SchemaMigrator>().MigrateAsync(); // twice: idempotent

        var after = await SchemaSnapshot.ReadAsync(database);
        Assert.All(before, column => Assert.Contains(column, after));
        Assert.Equal(["tdash_node.management"],
            after.Except(before).Where(c => c.Table == "tdash_node").Select(c => $"{c.Table}.{c.Column}"));
        var node = await host.Get<NodeRepository>().GetAsync("10.0.0.7");
        Assert.Equal(("tcp://10.0.0.7:2375", NodeManagement.Engine, "old"), (node!.Endpoint, node.Management, node.UpdatedBy));
    }

    [Fact]
    public async Task A_node_kind_round_trips()
    {
        await using var host = await MigratedHostAsync();
        var nodes = host.Get<NodeRepository>();
        var now = DateTime.UtcNow;
        await nodes.InsertAsync(new NodeRow { NodeName = "t1", Endpoint = "", Management = NodeManagement.Tarsnode, CreatedAt = now, UpdatedAt = now });

        var saved = (await nodes.GetAsync("t1"))!;
        Assert.Equal((NodeManagement.Tarsnode, false), (saved.Management, saved.HasEngine));
        saved.Management = NodeManagement.Engine;
        saved.Endpoint = "unix:///a.sock";
        Assert.True(await nodes.UpdateAsync(saved));
        Assert.Equal((NodeManagement.Engine, true), ((await nodes.GetAsync("t1"))!.Management, (await nodes.GetAsync("t1"))!.HasEngine));
    }

    private static async Task CreateOldDbTarsAsync(TarsDatabase database)
    {
        var oldServerConf = TarsSchema.ServerConf with
        {
            Columns =
            [
                .. TarsSchema.ServerConf.Columns.Where(c => c.Name is not ("run_type" or "base_image_id")),
                new ColumnDefinition("remote_log_type", "int(1) NOT NULL DEFAULT '0'"),
                new ColumnDefinition("x_site_note", "varchar(64) NOT NULL DEFAULT 'site'"),
            ],
        };
        var oldBaseImage = TarsSchema.BaseImage with { Columns = [.. TarsSchema.BaseImage.Columns.Where(c => c.Name != "sha")] };
        await using var connection = await database.OpenAsync();
        foreach (var table in new[] { oldServerConf, TarsSchema.AdapterConf, TarsSchema.NodeInfo, TarsSchema.ProfileTemplate, oldBaseImage })
        {
            foreach (var statement in database.Dialect.CreateTable(table))
            {
                await connection.ExecuteAsync(statement);
            }
        }

        await connection.ExecuteAsync(
            "INSERT INTO t_server_conf (application, server_name, node_name, profile, remote_log_type, x_site_note) VALUES ('Test', 'HelloServer', '10.0.0.7', @profile, 1, 'kept')",
            new { profile = "<tars>\n</tars>" });
        await connection.ExecuteAsync("INSERT INTO t_profile_template (template_name, parents_name, profile) VALUES ('tars.default', '', 'my own default')");
        await connection.ExecuteAsync("INSERT INTO t_base_image (image, registryId, remark, result) VALUES ('registry.example:5000/tars/cppbase:v1', 1, '', 'ok')");
    }

    [Fact]
    public async Task Wizard_drafts_are_kept_per_user_and_kind_and_replaced_on_save()
    {
        await using var host = await MigratedHostAsync();
        var drafts = host.Get<TarsDashboard.Core.Deploy.WizardDraftStore>();
        var alice = new Caller("alice");
        var bob = new Caller("bob");

        await drafts.SaveAsync(alice, "service", 1, new DraftModel("Demo", ["node-a"]));
        await drafts.SaveAsync(alice, "service", 2, new DraftModel("Demo'; DROP TABLE t_server_conf; --", ["node-a", "node-b"]));
        await drafts.SaveAsync(bob, "service", 0, new DraftModel("Other", []));

        var mine = await drafts.LoadAsync<DraftModel>(alice, "service");
        Assert.NotNull(mine);
        Assert.Equal(2, mine.Step);
        Assert.Equal("Demo'; DROP TABLE t_server_conf; --", mine.Data.Application);
        Assert.Equal(["node-a", "node-b"], mine.Data.Nodes);
        Assert.Null(await drafts.LoadAsync<DraftModel>(alice, "node"));
        Assert.Equal("Other", (await drafts.LoadAsync<DraftModel>(bob, "service"))!.Data.Application);

        Assert.Equal(["service"], (await drafts.ListAsync(alice)).Keys);
        await drafts.DeleteAsync(alice, "service");
        Assert.Null(await drafts.LoadAsync(alice, "service"));
        Assert.NotNull(await drafts.LoadAsync(bob, "service"));
    }

    [Fact]
    public async Task Settings_are_inserted_then_updated()
    {
        await using var host = await MigratedHostAsync();
        var settings = host.Get<SettingRepository>();

        Assert.Null(await settings.GetAsync(SettingRepository.SetupCompleted));
        await settings.SetAsync(SettingRepository.SetupCompleted, "no");
        await settings.SetAsync(SettingRepository.SetupCompleted, "yes");

        Assert.Equal("yes", await settings.GetAsync(SettingRepository.SetupCompleted));
    }

    public sealed record DraftModel(string Application, List<string> Nodes);
}
