using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using TarsDashboard.Tests.Tars.FakeFramework;

namespace TarsDashboard.Tests.Framework;

/// <summary>
/// A dashboard (Core graph on a new MariaDB db_tars) pointed at a <see cref="FakeFramework"/> with one tarsnode
/// (<see cref="NodeName"/>) whose containers run on the first real test engine; every live event is kept.
/// </summary>
public sealed class FrameworkTestBed : IAsyncDisposable
{
    public const string NodeName = "fwnode1";
    private LiveSubscription _events = null!;
    private readonly List<LiveEvent> _seen = [];

    private FrameworkTestBed(FakeFramework framework) => Framework = framework;

    public FakeFramework Framework { get; }

    public CoreHost Host { get; private set; } = null!;

    public FakeTarsnode Node { get; private set; } = null!;

    public TarsDatabase Database => Host.Get<TarsDatabase>();

    /// <param name="useLocator">False: no Framework:Locator, so tarsAdminRegistry can only be found in t_adapter_conf.</param>
    public static async Task<FrameworkTestBed> StartAsync(InfraFixture infra, bool useLocator = true, IDictionary<string, string?>? settings = null)
    {
        var connectionString = await infra.MariaDb.CreateDatabaseAsync($"db_tars_fw_{Guid.NewGuid():N}"[..30]);
        var framework = FakeFramework.Start(new TarsDatabase(new DatabaseOptions { Provider = DatabaseProvider.MySql, ConnectionString = connectionString },
            Path.GetTempPath()));
        var bed = new FrameworkTestBed(framework);
        var values = new Dictionary<string, string?>
        {
            ["Framework:Locator"] = useLocator ? framework.Locator : "",
            ["Framework:CallTimeoutSeconds"] = "3",
            ["Framework:TaskPollMilliseconds"] = "200",
            ["Framework:TaskUnreachableSeconds"] = "2",
            ["Framework:TaskTimeoutSeconds"] = "90",
            ["Framework:PatchFolder"] = framework.PatchUploadFolder,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        bed.Host = await CoreHost.CreateAsync(DatabaseProvider.MySql, connectionString, values);
        bed._events = bed.Host.Get<LiveEventBus>().Open();
        bed.Node = await framework.AddNodeAsync(NodeName, infra.Node1.Endpoint);
        return bed;
    }

    /// <summary>A service instance on <paramref name="node"/> (container mode on the busybox image, or native), with its program in bin/.</summary>
    public async Task<ServerConfRow> SeedServiceAsync(string serverName, string runType = RunTypes.Container, string node = NodeName,
        bool writeProgram = true)
    {
        var images = Host.Get<BaseImageRepository>();
        var image = (await images.ListAsync()).FirstOrDefault(i => i.Image == InfraFixture.BusyboxImage);
        if (image is null)
        {
            image = new BaseImageRow { Image = InfraFixture.BusyboxImage, CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
            await images.InsertAsync(image);
        }

        var servers = Host.Get<ServerConfRepository>();
        var id = await servers.InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = serverName, NodeName = node, TemplateName = "tars.default", RunType = runType,
            BaseImageId = image.Id, SettingState = "inactive", PresentState = "inactive",
        });
        if (writeProgram)
        {
            await WriteProgramAsync(serverName, "exec busybox sleep 3600");
        }

        return (await servers.GetAsync(id))!;
    }

    /// <summary>bin/&lt;Server&gt; in the node's service folder: a script that logs a line and then runs <paramref name="tail"/>.</summary>
    public async Task WriteProgramAsync(string serverName, string tail)
    {
        var bin = Directory.CreateDirectory(Path.Combine(Node.ServiceDataDir("Test", serverName), "bin")).FullName;
        var logDir = $"{ServiceFolders.LogDir}/Test/{serverName}";
        var program = Path.Combine(bin, serverName);
        await File.WriteAllTextAsync(program,
            $"#!/bin/sh\nbusybox mkdir -p {logDir}\necho \"started Test.{serverName}\" >> {logDir}/Test.{serverName}.log\n{tail}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(program, (UnixFileMode)0b111_101_101);
        }
    }

    public Task<ServerConfRow?> ReloadAsync(ServerConfRow row) => Host.Get<ServerConfRepository>().GetAsync(row.Id);

    /// <summary>Every <see cref="TaskProgress"/> of the task published so far, in order.</summary>
    public IReadOnlyList<TaskProgress> Progress(string taskNo)
    {
        lock (_seen)
        {
            while (_events.Reader.TryRead(out var liveEvent))
            {
                _seen.Add(liveEvent);
            }

            return [.. _seen.OfType<TaskProgress>().Where(p => p.TaskNo == taskNo)];
        }
    }

    public async Task<long> CountAsync(string sql, object? parameters = null) => await Database.ExecuteScalarAsync<long>(sql, parameters);

    /// <summary>Waits for a condition on the database (tarsnode's reports arrive after the task item ends).</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _events.Dispose();
        await Framework.DisposeAsync();
        await Host.DisposeAsync();
    }
}
