using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Configs;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Configs;

/// <summary>Pushing a config file to a container-mode service on an engine-managed node: written into its folder through the engine.</summary>
[Collection("infra")]
public sealed class ConfigPushEngineTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private readonly DirectoryInfo _hostPath = Directory.CreateTempSubdirectory("tdash-cfg-");
    private readonly string _server = "Cfg" + Guid.NewGuid().ToString("N")[..8];
    private CoreHost _host = null!;

    private string HostPathOf(string node) => Directory.CreateDirectory(Path.Combine(_hostPath.FullName, node)).FullName;

    public async Task InitializeAsync()
    {
        _host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Lifecycle:Privileged"] = "false" });
        foreach (var engine in infra.Nodes)
        {
            await _host.Get<NodeRepository>().InsertAsync(new NodeRow
            {
                NodeName = engine.Name, Endpoint = engine.Endpoint, TarsHostpath = HostPathOf(engine.Name),
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
        try
        {
            _hostPath.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task The_merged_text_lands_byte_for_byte_in_the_service_folder_of_a_running_container_and_a_missing_container_is_reported()
    {
        var id = await SeedServiceAsync("node1");
        await SeedServiceAsync("node2");
        var lifecycle = _host.Get<ServiceLifecycle>();
        var task = await lifecycle.StartAsync(Admin, [id], package: (row, _) => Task.FromResult<Stream>(Package(row)));
        await lifecycle.WaitAsync(task.TaskNo);
        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.True(item.Status == (int)TaskItemStatus.Success, item.Log);

        var configs = _host.Get<ConfigFileService>();
        var common = await configs.CreateAsync(Admin, ConfigScope.ForApplication("Test"), "common.conf", "<common>\r\n\tshared=1\r\n</common>");
        var file = await configs.CreateAsync(Admin, ConfigScope.ForServer("Test", _server), $"{_server}.conf", "<app>\r\n\tname = 配置 \r\n</app>\n");
        var node = await configs.CreateAsync(Admin, ConfigScope.ForNode("Test", _server, "node1"), $"{_server}.conf", "<node1 />  ");
        await configs.AddReferenceAsync(Admin, node.Id, common.Id);
        var expected = await configs.GetMergedTextAsync(Admin, "Test", _server, "node1", $"{_server}.conf");
        Assert.Equal("<app>\r\n\tname = 配置 \r\n</app>\n\r\n\r\n<common>\r\n\tshared=1\r\n</common>\r\n\r\n<node1 />  ", expected);

        var results = await configs.PushAsync(Admin, "Test", _server, file.Filename!, ["node1", "node2", "nowhere"]);

        var written = results.Single(r => r.NodeName == "node1");
        Assert.True(written.Outcome == ConfigPushOutcome.Written, written.Message);
        Assert.Equal($"{ServiceFolders.ServerDir("Test", _server)}/bin/{_server}.conf", written.Path);
        // Through the bind mount, in the node's service folder, as the bytes of the merged text.
        var onHost = Path.Combine(HostPathOf("node1"), "tarsnode-data", $"Test.{_server}", "bin", $"{_server}.conf");
        Assert.Equal(Encoding.UTF8.GetBytes(expected), await File.ReadAllBytesAsync(onHost));
        // And the engine sees it inside the running container.
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var archive = await client.Containers.GetArchiveFromContainerAsync($"Test.{_server}",
            new ContainerPathStatParameters { Path = written.Path! }, statOnly: false);
        Assert.NotNull(archive.Stream);
        await using (archive.Stream)
        await using (var reader = new TarReader(archive.Stream!))
        {
            var entry = (await reader.GetNextEntryAsync())!;
            using var content = new MemoryStream();
            await entry.DataStream!.CopyToAsync(content);
            Assert.Equal(Encoding.UTF8.GetBytes(expected), content.ToArray());
        }

        Assert.Equal(ConfigPushOutcome.Refused, results.Single(r => r.NodeName == "node2").Outcome);
        Assert.Contains("no container", results.Single(r => r.NodeName == "node2").Message);
        Assert.Equal(ConfigPushOutcome.Refused, results.Single(r => r.NodeName == "nowhere").Outcome);
        var (audit, _) = await _host.Get<TarsDashboard.Core.Audit.AuditLog>().QueryAsync(Caller.System,
            new TarsDashboard.Core.Audit.AuditQuery(Action: "config.push"));
        Assert.Contains("node1: Written", Assert.Single(audit).Detail);
    }

    private async Task<int> SeedServiceAsync(string node)
    {
        var images = _host.Get<BaseImageRepository>();
        var image = (await images.ListAsync()).FirstOrDefault(i => i.Image == InfraFixture.BusyboxImage);
        if (image is null)
        {
            image = new BaseImageRow { Image = InfraFixture.BusyboxImage, CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
            await images.InsertAsync(image);
        }

        return await _host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = _server, NodeName = node, TemplateName = "tars.default", RunType = RunTypes.Container, BaseImageId = image.Id,
        });
    }

    // make Server-tar's layout: Server/Server, a busybox program that stays up until stopped.
    private static MemoryStream Package(ServerConfRow server)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"{server.ServerName}/") { Mode = (UnixFileMode)0b111_101_101 });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{server.ServerName}/{server.ServerName}")
            {
                Mode = (UnixFileMode)0b111_101_101,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes("#!/bin/sh\ntrap 'exit 0' TERM\nwhile true; do busybox sleep 1; done\n")),
            });
        }

        buffer.Position = 0;
        return buffer;
    }
}
