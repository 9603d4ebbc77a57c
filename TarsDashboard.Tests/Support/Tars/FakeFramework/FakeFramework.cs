using TarsDashboard.Core.Data;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>
/// A Tars framework for tests, built on <see cref="TarsTestServer"/> and our codec: <see cref="Registry"/>
/// (QueryObj), <see cref="AdminRegistry"/> (AdminRegObj) and any number of <see cref="FakeTarsnode"/>s, all writing
/// into the test's own db_tars as the real components do. Strict: <see cref="AssertNoUnexpectedCalls"/> fails the
/// test when any part got a request the dashboard must not send. "Down" closes the registry's and tarsAdminRegistry's
/// sockets (what the dashboard would see of a stopped or cut-off framework); "up" listens again on the same ports.
/// </summary>
public sealed class FakeFramework : IAsyncDisposable
{
    private readonly List<FakeTarsnode> _nodes = [];
    private readonly List<string> _folders = [];

    private FakeFramework(FakeDbTars db, string patchUploadFolder)
    {
        Db = db;
        PatchUploadFolder = patchUploadFolder;
        AdminRegistry = new FakeAdminRegistry(db, patchUploadFolder);
        Registry = new FakeRegistry(AdminRegistry);
    }

    public FakeDbTars Db { get; }

    public FakeRegistry Registry { get; }

    public FakeAdminRegistry AdminRegistry { get; }

    /// <summary>tarspatch's upload folder, which the dashboard's <c>Framework:PatchFolder</c> must name.</summary>
    public string PatchUploadFolder { get; }

    /// <summary>The value for <c>Framework:Locator</c>.</summary>
    public string Locator => Registry.Locator;

    /// <summary>The AdminRegObj endpoint as <c>t_adapter_conf.endpoint</c> writes it.</summary>
    public string AdminRegistryEndpoint => $"tcp -h 127.0.0.1 -t 60000 -p {AdminRegistry.Server.Port}";

    public IReadOnlyList<FakeTarsnode> Nodes => _nodes;

    public static FakeFramework Start(TarsDatabase database)
    {
        var folder = Directory.CreateTempSubdirectory("fake-tarspatch-").FullName;
        var framework = new FakeFramework(new FakeDbTars(database), folder);
        framework._folders.Add(folder);
        return framework;
    }

    /// <summary>
    /// Starts a tarsnode named <paramref name="name"/> that registers itself (active <c>t_node_info</c> row) and holds
    /// tarsAdminRegistry's push connection; its containers go to the engine at <paramref name="engineEndpoint"/>.
    /// </summary>
    public async Task<FakeTarsnode> AddNodeAsync(string name, string? engineEndpoint)
    {
        var hostPath = Directory.CreateTempSubdirectory($"fake-tarsnode-{name}-").FullName;
        _folders.Add(hostPath);
        var node = await FakeTarsnode.StartAsync(name, Db, engineEndpoint, hostPath);
        _nodes.Add(node);
        AdminRegistry.AddNode(node);
        return node;
    }

    /// <summary>The framework's own AdminRegObj row, as its install (tars_servers_master.sql) writes it into t_adapter_conf.</summary>
    public Task RegisterAdminRegistryAdapterAsync() =>
        Db.Database.ExecuteAsync(
            "INSERT INTO t_adapter_conf (application, server_name, node_name, adapter_name, thread_num, endpoint, max_connections, allow_ip, servant, queuecap, queuetimeout, protocol) " +
            "VALUES ('tars', 'tarsAdminRegistry', '127.0.0.1', 'tars.tarsAdminRegistry.AdminRegObjAdapter', 5, @endpoint, 10240, '', @servant, 10000, 60000, 'tars')",
            new { endpoint = AdminRegistryEndpoint, servant = FakeAdminRegistry.Servant });

    public async Task DownAsync()
    {
        await Registry.Server.StopAsync();
        await AdminRegistry.DownAsync();
    }

    public void Up()
    {
        Registry.Server.Restart();
        AdminRegistry.Up();
    }

    /// <summary>Fails the test with every request a part of the framework did not expect.</summary>
    public void AssertNoUnexpectedCalls()
    {
        var unexpected = Registry.Server.UnexpectedCalls.Concat(Registry.Unexpected)
            .Concat(AdminRegistry.Server.UnexpectedCalls).Concat(AdminRegistry.Unexpected)
            .Concat(_nodes.SelectMany(n => n.NodeObj.UnexpectedCalls.Concat(n.Unexpected))).ToList();
        if (unexpected.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("The fake Tars framework got requests it did not expect: " + string.Join(", ", unexpected));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Registry.Server.DisposeAsync();
        await AdminRegistry.Server.DisposeAsync();
        try
        {
            await AdminRegistry.WhenTasksDoneAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var folder in _folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Files a container wrote as another user only leave a temp folder behind.
            }
        }
    }
}
