using System.Formats.Tar;
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
    private EngineServiceBed _bed = null!;

    public async Task InitializeAsync() => _bed = await EngineServiceBed.StartAsync(infra, "Cfg");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task The_merged_text_lands_byte_for_byte_in_the_service_folder_of_a_running_container_and_a_missing_container_is_reported()
    {
        var id = await SeedServiceAsync("node1");
        await SeedServiceAsync("node2");
        var lifecycle = _bed.Host.Get<ServiceLifecycle>();
        var task = await lifecycle.StartAsync(Admin, [id], package: (row, _) => Task.FromResult<Stream>(Package(row)));
        await lifecycle.WaitAsync(task.TaskNo);
        var item = Assert.Single(await _bed.Host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.True(item.Status == (int)TaskItemStatus.Success, item.Log);

        var configs = _bed.Host.Get<ConfigFileService>();
        var common = await configs.CreateAsync(Admin, ConfigScope.ForApplication("Test"), "common.conf", "<common>\r\n\tshared=1\r\n</common>");
        var file = await configs.CreateAsync(Admin, ConfigScope.ForServer("Test", _bed.Server), $"{_bed.Server}.conf", "<app>\r\n\tname = 配置 \r\n</app>\n");
        var node = await configs.CreateAsync(Admin, ConfigScope.ForNode("Test", _bed.Server, "node1"), $"{_bed.Server}.conf", "<node1 />  ");
        await configs.AddReferenceAsync(Admin, node.Id, common.Id);
        var expected = await configs.GetMergedTextAsync(Admin, "Test", _bed.Server, "node1", $"{_bed.Server}.conf");
        Assert.Equal("<app>\r\n\tname = 配置 \r\n</app>\n\r\n\r\n<common>\r\n\tshared=1\r\n</common>\r\n\r\n<node1 />  ", expected);

        var results = await configs.PushAsync(Admin, "Test", _bed.Server, file.Filename!, ["node1", "node2", "nowhere"]);

        var written = results.Single(r => r.NodeName == "node1");
        Assert.True(written.Outcome == ConfigPushOutcome.Written, written.Message);
        Assert.Equal($"{ServiceFolders.ServerDir("Test", _bed.Server)}/bin/{_bed.Server}.conf", written.Path);
        // Through the bind mount, in the node's service folder, as the bytes of the merged text.
        var onHost = Path.Combine(_bed.ServiceFolder("node1"), "bin", $"{_bed.Server}.conf");
        Assert.Equal(Encoding.UTF8.GetBytes(expected), await File.ReadAllBytesAsync(onHost));
        // And the engine sees it inside the running container.
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        var archive = await client.Containers.GetArchiveFromContainerAsync($"Test.{_bed.Server}",
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
        var (audit, _) = await _bed.Host.Get<TarsDashboard.Core.Audit.AuditLog>().QueryAsync(Caller.System,
            new TarsDashboard.Core.Audit.AuditQuery(Action: "config.push"));
        Assert.Contains("node1: Written", Assert.Single(audit).Detail);
    }

    private Task<int> SeedServiceAsync(string node) => _bed.SeedAsync(node);

    private static MemoryStream Package(ServerConfRow server) => new(TestPackages.Sleeper(server.ServerName, "up"));
}
