using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Framework;

/// <summary>Publishing to tarsnode-managed instances as the Tars web platform does: t_server_patchs, tarspatch's folder, patch_tars items.</summary>
[Collection("infra")]
public sealed class FrameworkPublisherTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin");
    private readonly string _server = "Fp" + Guid.NewGuid().ToString("N")[..8];
    private FrameworkTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await FrameworkTestBed.StartAsync(infra);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_standard_package_is_stored_for_tarspatch_recorded_in_t_server_patchs_and_published_by_patch_tars_items()
    {
        var row = await _bed.SeedServiceAsync(_server, writeProgram: false);
        var package = StandardPackage(_server);

        var task = await _bed.Host.Get<FrameworkPublisher>().PublishAsync(Admin, [row], _ => Task.FromResult<Stream>(new MemoryStream(package)), "first drop");
        await _bed.Host.Get<FrameworkLifecycle>().WaitAsync(task.TaskNo);

        var patch = Assert.Single(await _bed.Host.Get<ServerPatchRepository>().ListAsync($"Test.{_server}"));
        Assert.Equal((Convert.ToHexStringLower(MD5.HashData(package)), "first drop", "admin"), (patch.Md5, patch.UpdateText, patch.UploadUser));
        Assert.Equal(package, await File.ReadAllBytesAsync(Path.Combine(_bed.Framework.PatchUploadFolder, "Test", _server, patch.Tgz)));
        var sent = Assert.Single(_bed.Framework.AdminRegistry.ReceivedTasks);
        Assert.True(sent.Serial);
        var item = Assert.Single(sent.TaskItemReq);
        Assert.Equal("patch_tars", item.Command);
        Assert.Equal(new Dictionary<string, string>
        {
            ["patch_id"] = patch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["bak_flag"] = "0",
            ["update_text"] = "first drop", ["group_name"] = "", ["run_type"] = RunTypes.Container,
        }, item.Parameters);

        var last = _bed.Progress(task.TaskNo)[^1];
        Assert.True(last.Status == TaskItemStatus.Success, last.Log);
        Assert.Equal(100, last.Percent);

        // A publish is the one task tarsAdminRegistry keeps rows for: they are its rows, under our task number.
        await using var connection = await _bed.Database.OpenAsync();
        Assert.Equal((task.TaskNo, true, "admin"), await connection.QuerySingleAsync<(string, bool, string)>("SELECT task_no, serial, user_name FROM t_task"));
        var stored = await connection.QuerySingleAsync<(string ItemNo, string Command, int Status, string Parameters)>(
            "SELECT item_no, command, status, parameters FROM t_task_item WHERE task_no = @taskNo", new { taskNo = task.TaskNo });
        Assert.Equal((item.ItemNo, "patch_tars", 3), (stored.ItemNo, stored.Command, stored.Status));
        Assert.Contains($"patch_id={patch.Id}", stored.Parameters);
        Assert.Equal(1, (await _bed.Host.Get<ServerPatchRepository>().GetAsync(patch.Id))!.Publish);

        // tarsnode unpacked HelloServer/HelloServer into bin/ and restarted the instance on it.
        Assert.True(File.Exists(Path.Combine(_bed.Node.ServiceDataDir("Test", _server), "bin", _server)));
        await FrameworkTestBed.WaitForAsync(async () => (await _bed.ReloadAsync(row))!.PresentState == PresentStates.Active, "present_state active");
        Assert.Equal(patch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (await _bed.ReloadAsync(row))!.PatchVersion);
        _bed.Framework.AssertNoUnexpectedCalls();
    }

    [Fact]
    public async Task With_the_framework_down_nothing_is_stored_and_the_reason_is_given()
    {
        var row = await _bed.SeedServiceAsync(_server, writeProgram: false);
        await _bed.Framework.DownAsync();

        await Assert.ThrowsAsync<FrameworkUnreachableException>(() =>
            _bed.Host.Get<FrameworkPublisher>().PublishAsync(Admin, [row], _ => Task.FromResult<Stream>(new MemoryStream(StandardPackage(_server))), ""));

        Assert.Empty(await _bed.Host.Get<ServerPatchRepository>().ListAsync($"Test.{_server}"));
        Assert.False(Directory.Exists(Path.Combine(_bed.Framework.PatchUploadFolder, "Test", _server)));
        Assert.Empty(_bed.Framework.AdminRegistry.ReceivedTasks);
        _bed.Framework.Up();
    }

    [Fact]
    public async Task Without_a_patch_folder_a_publish_is_refused_before_anything_is_asked()
    {
        await _bed.DisposeAsync();
        _bed = await FrameworkTestBed.StartAsync(infra, settings: new Dictionary<string, string?> { ["Framework:PatchFolder"] = "" });
        var row = await _bed.SeedServiceAsync(_server, writeProgram: false);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _bed.Host.Get<FrameworkPublisher>().PublishAsync(Admin, [row], _ => Task.FromResult<Stream>(new MemoryStream(StandardPackage(_server))), ""));

        Assert.Equal("Framework.PatchFolderMissing", refused.Errors.Single().Code);
        Assert.Empty(_bed.Framework.AdminRegistry.Server.Calls);
    }

    [Fact]
    public async Task The_t_server_patchs_table_is_created_with_db_tars_column_types()
    {
        var columns = await Support.SchemaSnapshot.ReadAsync(_bed.Database);
        string TypeOf(string column) => columns.Single(c => c.Table == "t_server_patchs" && c.Column == column).Type;

        Assert.Equal(("varchar(50)", "varchar(1000)", "text", "tinyint(2)", "tinyint(3)"),
            (TypeOf("server"), TypeOf("version"), TypeOf("tgz"), TypeOf("is_server_group"), TypeOf("publish")));
        Assert.Equal(("enum('true','false')", "varchar(64)", "varchar(40)", "datetime"),
            (TypeOf("is_release_version"), TypeOf("group_id"), TypeOf("md5"), TypeOf("upload_time")));
    }

    // What `make HelloServer-tar` builds: HelloServer/HelloServer inside the tgz.
    internal static byte[] StandardPackage(string server)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"{server}/") { Mode = (UnixFileMode)0b111_101_101 });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{server}/{server}")
            {
                Mode = (UnixFileMode)0b111_101_101,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes("#!/bin/sh\nexec busybox sleep 3600\n")),
            });
        }

        return buffer.ToArray();
    }
}
