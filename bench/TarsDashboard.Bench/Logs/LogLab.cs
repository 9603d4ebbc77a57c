using TarsDashboard.Tests.Infrastructure;

namespace TarsDashboard.Bench.Logs;

/// <summary>One docker engine (a node) in a temp folder with the busybox image imported; disposing stops and removes it.</summary>
internal sealed class LogLab : IAsyncDisposable
{
    public const string BusyboxImage = "tarsdash-bench/busybox:1";

    private LogLab(DockerEngineInstance engine) => Engine = engine;

    public DockerEngineInstance Engine { get; }

    public static async Task<LogLab> StartAsync(CancellationToken cancellationToken)
    {
        var lab = new LogLab(new DockerEngineInstance("logs1"));
        try
        {
            await lab.Engine.StartAsync(cancellationToken);
            await lab.Engine.ImportBusyboxImageAsync(BusyboxImage, cancellationToken);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
