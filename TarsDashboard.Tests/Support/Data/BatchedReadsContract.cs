using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Deploy.Service;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>
/// The calls a page makes often send a fixed number of queries, however many applications, nodes, services or instances
/// they cover (no read per row, one grant load per call); each provider runs it through a subclass, which also proves
/// that <c>IN @ids</c> list expansion works on it.
/// </summary>
public abstract class BatchedReadsContract
{
    private static readonly Caller Operator = new("ops");

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    private async Task<CoreHost> HostAsync()
    {
        var host = await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync());
        await host.Get<UserRepository>().InsertAsync(new DashboardUser { UserName = Operator.UserName, PasswordHash = "-", CreatedAt = DateTime.UtcNow });
        await host.Get<GrantRepository>().InsertAsync(new Grant(Operator.UserName, Role.Operator, "App0"));
        return host;
    }

    // Application App{i}, its server Server{i}, on node 10.0.1.{i} with one adapter; native, so a start is refused
    // after every read it makes and nothing runs in the background.
    private static async Task<ServerConfRow> AddAsync(CoreHost host, int i, string? application = null, string? node = null)
    {
        node ??= $"10.0.1.{i}";
        if (await host.Get<NodeRepository>().GetAsync(node) is null)
        {
            await host.Get<NodeRepository>().InsertAsync(new NodeRow
            {
                NodeName = node, Endpoint = "tcp://127.0.0.1:1", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "test",
            });
        }

        var row = new ServerConfRow
        {
            Application = application ?? $"App{i}", ServerName = application is null ? $"Server{i}" : "Server0", NodeName = node,
            TemplateName = "tars.default", Profile = "", RunType = RunTypes.Native, SettingState = "inactive", PresentState = "inactive",
        };
        await host.Get<ServerConfRepository>().InsertAsync(row);
        await host.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = row.Application, ServerName = row.ServerName, NodeName = node, AdapterName = $"{row.ServiceId}.ObjAdapter",
            Servant = $"{row.ServiceId}.Obj", Endpoint = $"tcp -h {node} -t 60000 -p {12000 + i} -e 0", AllowIp = "", Handlegroup = "",
        });
        return row;
    }

    [Fact]
    public async Task The_deploy_wizard_context_is_read_with_the_same_queries_for_one_application_and_node_as_for_six()
    {
        await using var host = await HostAsync();
        var deployer = host.Get<ServiceDeployer>();
        using var counter = CommandCounter.On(host.Get<TarsDatabase>());
        await AddAsync(host, 0);
        ServiceDeployContext context = null!;
        var one = await counter.CountAsync(async () => context = await deployer.LoadContextAsync(Operator));
        Assert.Equal(["App0"], context.Applications);

        for (var i = 1; i < 6; i++)
        {
            await AddAsync(host, i);
        }

        var six = await counter.CountAsync(async () => context = await deployer.LoadContextAsync(Operator));
        Assert.Equal(["App0"], context.Applications);
        Assert.Equal(new[] { 12005 }, context.UsedPorts("10.0.1.5").ToArray());
        Assert.Equal(one, six);
    }

    [Fact]
    public async Task Task_history_reads_the_same_queries_for_tasks_of_one_service_as_of_six()
    {
        await using var host = await HostAsync();
        var history = host.Get<TaskHistory>();
        using var counter = CommandCounter.On(host.Get<TarsDatabase>());
        await AddTaskAsync(host, 0);
        var one = await counter.CountAsync(() => history.ListRecentAsync(Operator));

        for (var i = 1; i < 6; i++)
        {
            await AddTaskAsync(host, i);
        }

        IReadOnlyList<TaskSummary> recent = [];
        var six = await counter.CountAsync(async () => recent = await history.ListRecentAsync(Operator));
        Assert.Equal(["App0"], recent.SelectMany(t => t.Items).Select(i => i.Application).Distinct());
        Assert.Equal(one, six);
    }

    [Fact]
    public async Task A_start_of_one_instance_reads_the_same_queries_as_a_start_of_five()
    {
        await using var host = await HostAsync();
        var lifecycle = host.Get<ServiceLifecycle>();
        using var counter = CommandCounter.On(host.Get<TarsDatabase>());
        var first = await AddAsync(host, 0, application: "App0", node: "10.0.2.0");
        var one = await counter.CountAsync(() => Assert.ThrowsAsync<ValidationFailedException>(() => lifecycle.StartAsync(Operator, [first.Id])));

        var ids = new List<int> { first.Id };
        for (var i = 1; i < 5; i++)
        {
            ids.Add((await AddAsync(host, i, application: "App0", node: $"10.0.2.{i}")).Id);
        }

        var refused = default(ValidationFailedException);
        var five = await counter.CountAsync(async () => refused = await Assert.ThrowsAsync<ValidationFailedException>(() => lifecycle.StartAsync(Operator, ids)));
        // Every instance was read and checked: one refusal (native) each.
        Assert.Equal(5, refused!.Errors.Count);
        Assert.Equal(one, five);
    }

    [Fact]
    public async Task A_publish_to_one_instance_reads_the_same_queries_as_a_publish_to_five()
    {
        await using var host = await HostAsync();
        var store = host.Get<ServicePackageStore>();
        var first = await AddAsync(host, 0, application: "App0", node: "10.0.3.0");
        var package = await store.UploadAsync(Operator, "App0", "Server0", "Server0.tgz", new MemoryStream(Tgz("Server0/Server0", "#!/bin/sh\n")));
        using var counter = CommandCounter.On(host.Get<TarsDatabase>());
        var one = await counter.CountAsync(() => Assert.ThrowsAsync<ValidationFailedException>(() => store.PublishAsync(Operator, package.Id, [first.Id])));

        var ids = new List<int> { first.Id };
        for (var i = 1; i < 5; i++)
        {
            ids.Add((await AddAsync(host, i, application: "App0", node: $"10.0.3.{i}")).Id);
        }

        var five = await counter.CountAsync(() => Assert.ThrowsAsync<ValidationFailedException>(() => store.PublishAsync(Operator, package.Id, ids)));
        Assert.Equal(one, five);
    }

    [Fact]
    public async Task Instances_by_ids_are_read_in_one_query_and_only_those_the_caller_may_see()
    {
        await using var host = await HostAsync();
        var rows = new List<ServerConfRow>();
        for (var i = 0; i < 4; i++)
        {
            rows.Add(await AddAsync(host, i));
        }

        using var counter = CommandCounter.On(host.Get<TarsDatabase>());
        IReadOnlyList<ServerConfRow> seen = [];
        var queries = await counter.CountAsync(async () => seen = await host.Get<ServiceCatalog>().ListByIdsAsync(Operator, [.. rows.Select(r => r.Id), 99999]));

        Assert.Equal([rows[0].Id], seen.Select(r => r.Id));
        // The caller's grants (user, grants) and the rows.
        Assert.Equal(3, queries);
    }

    private static async Task AddTaskAsync(CoreHost host, int i)
    {
        var row = await AddAsync(host, i);
        var taskNo = $"task-{i}-{Guid.NewGuid():N}"[..30];
        await host.Get<TaskRepository>().InsertAsync(
            new TaskRow { TaskNo = taskNo, UserName = "test", CreateTime = DateTime.UtcNow.AddSeconds(i) },
            [new TaskItemRow
            {
                TaskNo = taskNo, ItemNo = taskNo + "-0", Application = row.Application, ServerName = row.ServerName, NodeName = row.NodeName,
                Command = ServiceCommands.Start, Parameters = "{}", SetName = "", Log = "",
            }]);
    }

    private static byte[] Tgz(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }

        buffer.Position = 0;
        return buffer.ToArray();
    }
}
