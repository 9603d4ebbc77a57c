using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Tests.Support;

/// <summary>
/// A Core host with both test engines registered as engine-managed nodes, each with its own TARS_HOSTPATH under one
/// temp folder, and one container-mode service <c>Test.&lt;Server&gt;</c> to seed on them; removes its containers and
/// folders when disposed.
/// </summary>
public sealed class EngineServiceBed : IAsyncDisposable
{
    private readonly InfraFixture _infra;
    private readonly DirectoryInfo _root;

    private EngineServiceBed(InfraFixture infra, CoreHost host, DirectoryInfo root, string server)
    {
        (_infra, Host, _root, Server) = (infra, host, root, server);
    }

    public CoreHost Host { get; }

    /// <summary>The server name, unique per bed: <c>Test.&lt;Server&gt;</c> is the service and its container.</summary>
    public string Server { get; }

    public static async Task<EngineServiceBed> StartAsync(InfraFixture infra, string prefix, IDictionary<string, string?>? settings = null)
    {
        var root = Directory.CreateTempSubdirectory($"tdash-{prefix.ToLowerInvariant()}-");
        var all = new Dictionary<string, string?>
        {
            ["Lifecycle:Privileged"] = "false",
            ["Database:DataFolder"] = Directory.CreateDirectory(Path.Combine(root.FullName, "data")).FullName,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await CoreHost.CreateSqliteAsync(all);
        var bed = new EngineServiceBed(infra, host, root, prefix + Guid.NewGuid().ToString("N")[..8]);
        foreach (var engine in infra.Nodes)
        {
            await host.Get<NodeRepository>().InsertAsync(new NodeRow
            {
                NodeName = engine.Name, Endpoint = engine.Endpoint, TarsHostpath = bed.HostPathOf(engine.Name),
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
            });
        }

        return bed;
    }

    public string HostPathOf(string node) => Path.Combine(_root.FullName, node);

    /// <summary>The service's folder on the node host, as the container's bind mount puts it.</summary>
    public string ServiceFolder(string node) => Path.Combine(HostPathOf(node), "tarsnode-data", $"Test.{Server}");

    /// <summary>An instance of the service on <paramref name="node"/> in container mode on busybox, with one servant on <paramref name="port"/>.</summary>
    public async Task<int> SeedAsync(string node, int port = 23457)
    {
        var images = Host.Get<BaseImageRepository>();
        var image = (await images.ListAsync()).FirstOrDefault(i => i.Image == InfraFixture.BusyboxImage);
        if (image is null)
        {
            image = new BaseImageRow { Image = InfraFixture.BusyboxImage, CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
            await images.InsertAsync(image);
        }

        var id = await Host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = Server, NodeName = node, TemplateName = "tars.default", RunType = RunTypes.Container, BaseImageId = image.Id,
        });
        await Host.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = "Test", ServerName = Server, NodeName = node, AdapterName = $"Test.{Server}.MainObjAdapter",
            Endpoint = $"tcp -h {node} -p {port} -t 60000", Servant = $"Test.{Server}.MainObj", AllowIp = "",
        });
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _infra.Nodes.Where(n => n.IsRunning))
        {
            using var client = DockerClientPool.Create(engine.Endpoint, "");
            try
            {
                await client.Containers.RemoveContainerAsync($"Test.{Server}", new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }

        await Host.DisposeAsync();
        try
        {
            _root.Delete(recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Files a container wrote as root; the temp folder is cleaned by the machine.
        }
    }
}
