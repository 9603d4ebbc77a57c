using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>Uploading service packages (checked, stored with md5) and publishing them to running container-mode instances.</summary>
[Collection("infra")]
public sealed class ServicePackageStoreTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private readonly DirectoryInfo _hostPath = Directory.CreateTempSubdirectory("tdash-pkg-host-");
    private readonly DirectoryInfo _dataFolder = Directory.CreateTempSubdirectory("tdash-pkg-data-");
    private readonly string _server = "Pkg" + Guid.NewGuid().ToString("N")[..8];
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
                NodeName = engine.Name, Endpoint = engine.Endpoint, TarsHostpath = _hostPath.FullName,
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
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task An_upload_is_stored_with_its_md5_the_first_is_the_default_and_the_default_cannot_be_deleted()
    {
        var store = _host.Get<ServicePackageStore>();
        var bytes = Tgz((Program, Script("version 2")));
        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));

        var first = await store.UploadAsync(Admin, "Test", _server, "Pkg.tgz", new MemoryStream(bytes), comment: "v2", expectedMd5: md5.ToUpperInvariant());
        var second = await store.UploadAsync(Admin, "Test", _server, "Pkg.tgz", new MemoryStream(bytes));

        Assert.Equal(md5, first.Md5);
        Assert.Equal(bytes.Length, first.Size);
        Assert.Equal(("v2", "Pkg.tgz", "admin"), (first.Comment, first.FileName, first.UploadedBy));
        var listed = await store.ListAsync(Admin, "Test", _server);
        Assert.Equal([second.Id, first.Id], listed.Select(p => p.Id));
        Assert.True(listed.Single(p => p.Id == first.Id).IsDefault);
        Assert.False(listed.Single(p => p.Id == second.Id).IsDefault);
        var stored = Path.Combine(_dataFolder.FullName, "packages", $"Test.{_server}", $"{first.Id}.tgz");
        Assert.Equal(bytes, await File.ReadAllBytesAsync(stored));

        await Assert.ThrowsAsync<ValidationFailedException>(() => store.DeleteAsync(Admin, first.Id));
        await store.SetDefaultAsync(Admin, second.Id);
        await store.DeleteAsync(Admin, first.Id);
        Assert.False(File.Exists(stored));
        Assert.True(Assert.Single(await store.ListAsync(Admin, "Test", _server)).IsDefault);

        var mismatch = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            store.UploadAsync(Admin, "Test", _server, "Pkg.tgz", new MemoryStream(bytes), expectedMd5: new string('0', 32)));
        Assert.Contains(md5, mismatch.Message);
        Assert.Single(await store.ListAsync(Admin, "Test", _server));
    }

    [Fact]
    public async Task Bad_archives_are_refused_and_nothing_is_stored()
    {
        var store = _host.Get<ServicePackageStore>();
        var plainTar = Tar((Program, Script("x")));
        var cases = new Dictionary<string, byte[]>
        {
            ["not gzip"] = Encoding.UTF8.GetBytes("this is not a package"),
            ["plain tar"] = plainTar,
            ["gzip of no tar"] = Gzip(Encoding.UTF8.GetBytes(new string('x', 2000))),
            ["parent entry"] = Tgz(("../evil.sh", Script("x"))),
            ["nested parent entry"] = Tgz(("bin/../../evil.sh", Script("x"))),
            ["absolute entry"] = Tgz(("/etc/evil.sh", Script("x"))),
            ["only hidden files"] = Tgz(("._HelloServer", Script("x")), (".git/HEAD", "x")),
        };

        foreach (var (name, bytes) in cases)
        {
            var refused = await Record.ExceptionAsync(() => store.UploadAsync(Admin, "Test", _server, "bad.tgz", new MemoryStream(bytes)));
            Assert.True(refused is ValidationFailedException, $"{name}: {refused}");
        }

        Assert.Empty(await store.ListAsync(Admin, "Test", _server));
        var folder = Path.Combine(_dataFolder.FullName, "packages", $"Test.{_server}");
        Assert.True(!Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any());
    }

    [Fact]
    public async Task A_package_larger_than_the_limit_is_refused()
    {
        await using var host = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Packages:MaxBytes"] = "100" });
        var store = host.Get<ServicePackageStore>();
        var bytes = Tgz((Program, Script(new string('a', 4000) + Guid.NewGuid())), ("bin/b", Guid.NewGuid().ToString()));
        Assert.True(bytes.Length > 100);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => store.UploadAsync(Admin, "Test", _server, "big.tgz", new MemoryStream(bytes)));

        Assert.Contains("larger", refused.Message);
        Assert.Empty(await store.ListAsync(Admin, "Test", _server));
    }

    [Fact]
    public async Task Publishing_a_second_version_restarts_the_running_instance_with_it_and_records_the_patch()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage);
        var store = _host.Get<ServicePackageStore>();
        var v1 = await store.UploadAsync(Admin, "Test", _server, "v1.tgz", new MemoryStream(Tgz((Program, Script("version 1")))));
        var first = await store.PublishAsync(Admin, v1.Id, [id]);
        await store.WaitAsync(first.TaskNo);
        var log = Path.Combine(_hostPath.FullName, "app_log", "Test", _server, $"Test.{_server}.log");
        await WaitForAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("version 1", StringComparison.Ordinal));

        var v2 = await store.UploadAsync(Admin, "Test", _server, "v2.tgz", new MemoryStream(Tgz((Program, Script("version 2")))), comment: "second");
        var task = await store.PublishAsync(Admin, v2.Id, [id]);
        await store.WaitAsync(task.TaskNo);

        var item = Assert.Single(await _host.Get<TaskRepository>().ListItemsAsync(task.TaskNo));
        Assert.True(item.Status == (int)TaskItemStatus.Success, item.Log);
        Assert.Contains($"package checked: 1 entries of {_server}/", item.Log);
        Assert.Contains("package copied into", item.Log);
        await WaitForAsync(() => File.ReadAllText(log).Contains("version 2", StringComparison.Ordinal));
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        Assert.True((await client.Containers.InspectContainerAsync($"Test.{_server}")).State!.Running);
        // Copied into bin/ as tarsnode copies a Server/Server package.
        var program = await File.ReadAllTextAsync(Path.Combine(_hostPath.FullName, "tarsnode-data", $"Test.{_server}", "bin", _server));
        Assert.Contains("version 2", program);

        var patch = await _host.Get<TarsDatabase>().QuerySingleOrDefaultAsync<(string, string)>(
            "SELECT patch_version, patch_user FROM t_server_conf WHERE id = @id", new { id });
        Assert.Equal((ServicePackageStore.PatchVersion(v2), "admin"), patch);
        var history = await store.ListPublishHistoryAsync(Admin, "Test", _server);
        Assert.Equal([(v2.Id, task.TaskNo, "success"), (v1.Id, first.TaskNo, "success")], history.Select(h => (h.PackageId, h.TaskNo, h.Result)));
        Assert.All(history, h => Assert.Equal(("admin", "node1"), (h.PublishedBy, h.NodeName)));
    }

    [Fact]
    public async Task Publishing_to_an_instance_of_another_service_is_refused()
    {
        var id = await SeedServiceAsync("node1", InfraFixture.BusyboxImage);
        var store = _host.Get<ServicePackageStore>();
        var other = await store.UploadAsync(Admin, "Test", _server + "X", "x.tgz", new MemoryStream(Tgz((Program, Script("x")))));

        await Assert.ThrowsAsync<ValidationFailedException>(() => store.PublishAsync(Admin, other.Id, [id]));

        Assert.Empty(await store.ListPublishHistoryAsync(Admin, "Test", _server));
    }

    private async Task<int> SeedServiceAsync(string node, string image)
    {
        var images = _host.Get<BaseImageRepository>();
        var existing = (await images.ListAsync()).FirstOrDefault(i => i.Image == image);
        if (existing is null)
        {
            existing = new BaseImageRow { Image = image, CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
            await images.InsertAsync(existing);
        }

        var id = await _host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = _server, NodeName = node, TemplateName = "tars.default",
            RunType = RunTypes.Container, BaseImageId = existing.Id,
        });
        await _host.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = "Test", ServerName = _server, NodeName = node, AdapterName = $"Test.{_server}.MainObjAdapter",
            Endpoint = "tcp -h 127.0.0.1 -p 23457 -t 60000", Servant = $"Test.{_server}.MainObj", AllowIp = "",
        });
        return id;
    }

    // Server/Server, as make Server-tar packs it.
    private string Program => $"{_server}/{_server}";

    // The program: prints the text, appends it to its log under the log folder, and sleeps until stopped.
    private string Script(string text)
    {
        var logDir = $"{ServiceFolders.LogDir}/Test/{_server}";
        return $"""
            #!/bin/sh
            busybox mkdir -p {logDir}
            echo "{text}"
            echo "{text}" >> {logDir}/Test.{_server}.log
            trap 'exit 0' TERM
            busybox sleep 3600 &
            wait
            """.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static byte[] Tar(params (string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    Mode = (UnixFileMode)0b111_101_101, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                });
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Tgz(params (string Name, string Content)[] files) => Gzip(Tar(files));

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(100);
        }
    }
}
