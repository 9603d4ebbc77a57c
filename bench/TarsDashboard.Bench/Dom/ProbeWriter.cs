using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Bench.Logs;
using TarsDashboard.Core.Nodes;

namespace TarsDashboard.Bench.Dom;

/// <summary>
/// A container running <c>busybox cat</c> with stdin attached: what this process writes into it comes out as the
/// container's log lines, so the bench (not the container, whose busybox date has no sub-second time) stamps them.
/// </summary>
internal sealed class ProbeWriter : IAsyncDisposable
{
    private readonly BenchContainer _container;
    private readonly DockerClient _docker;
    private readonly MultiplexedStream _stdin;

    private ProbeWriter(BenchContainer container, DockerClient docker, MultiplexedStream stdin)
    {
        _container = container;
        _docker = docker;
        _stdin = stdin;
    }

    public string Name => _container.Name;

    public static async Task<ProbeWriter> StartAsync(LogLab lab, string name, CancellationToken cancellationToken)
    {
        var container = await BenchContainer.StartAsync(lab.Engine, name, ["busybox", "cat"], openStdin: true, cancellationToken: cancellationToken);
        var docker = DockerClientPool.Create(lab.Engine.Endpoint, "");
        try
        {
            var stdin = await docker.Containers.AttachContainerAsync(container.Id,
                new ContainerAttachParameters { Stream = true, Stdin = true }, cancellationToken);
            return new ProbeWriter(container, docker, stdin);
        }
        catch
        {
            docker.Dispose();
            await container.DisposeAsync();
            throw;
        }
    }

    public Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        return _stdin.WriteAsync(bytes, 0, bytes.Length, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _stdin.Dispose();
        _docker.Dispose();
        await _container.DisposeAsync();
    }
}
