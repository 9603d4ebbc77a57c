using System.Reflection;
using Docker.DotNet;
using TarsDashboard.Core.Nodes;
using Xunit;

namespace TarsDashboard.Tests.Nodes;

public sealed class DockerClientPoolTests
{
    private const int Callers = 64;

    [Fact]
    public async Task Callers_racing_for_a_new_node_share_one_client_and_none_is_left_undisposed()
    {
        var made = new ClientCounter();
        using var pool = new DockerClientPool(made.Create);
        var node = new NodeRow { NodeName = "n1", Endpoint = "tcp://10.0.0.1:2375" };

        var clients = await RaceAsync(() => pool.For(node));

        Assert.Single(clients.Distinct());
        Assert.Equal(1, made.Created);
        Assert.Equal(0, made.Disposed);
    }

    [Fact]
    public async Task Callers_racing_after_the_endpoint_changed_build_one_new_client_and_the_old_one_is_disposed()
    {
        var made = new ClientCounter();
        using var pool = new DockerClientPool(made.Create);
        pool.For(new NodeRow { NodeName = "n1", Endpoint = "tcp://10.0.0.1:2375" });
        var moved = new NodeRow { NodeName = "n1", Endpoint = "tcp://10.0.0.2:2375" };

        var clients = await RaceAsync(() => pool.For(moved));

        Assert.Single(clients.Distinct());
        Assert.Equal(2, made.Created);
        Assert.Equal(1, made.Disposed);
    }

    [Fact]
    public void A_client_that_failed_to_build_is_built_again_on_the_next_call()
    {
        var attempts = 0;
        var made = new ClientCounter();
        using var pool = new DockerClientPool((endpoint, tls) =>
            ++attempts == 1 ? throw new IOException("ca.pem not there yet") : made.Create(endpoint, tls));
        var node = new NodeRow { NodeName = "n1", Endpoint = "tcp://10.0.0.1:2375", TlsCertPath = "/certs" };

        Assert.Throws<IOException>(() => pool.For(node));
        Assert.NotNull(pool.For(node));
        Assert.Equal(1, made.Created);
    }

    // Every caller is released at once from a barrier so they really meet inside For.
    private static async Task<IReadOnlyList<IDockerClient>> RaceAsync(Func<IDockerClient> call)
    {
        using var barrier = new Barrier(Callers);
        var tasks = Enumerable.Range(0, Callers).Select(_ => Task.Factory.StartNew(() =>
        {
            barrier.SignalAndWait();
            return call();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        return await Task.WhenAll(tasks);
    }

    private sealed class ClientCounter
    {
        private int _created;
        private int _disposed;

        public int Created => Volatile.Read(ref _created);

        public int Disposed => Volatile.Read(ref _disposed);

        public IDockerClient Create(string endpoint, string tlsCertPath)
        {
            Interlocked.Increment(ref _created);
            // A little work in the build widens the window in which a second caller arrives.
            Thread.SpinWait(20_000);
            var client = DispatchProxy.Create<IDockerClient, FakeClient>();
            ((FakeClient)(object)client).Disposed = () => Interlocked.Increment(ref _disposed);
            return client;
        }
    }

    /// <summary>An <see cref="IDockerClient"/> that only counts <c>Dispose</c>; the pool calls nothing else.</summary>
    public class FakeClient : DispatchProxy
    {
        public Action Disposed { get; set; } = () => { };

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name == nameof(IDisposable.Dispose))
            {
                Disposed();
                return null;
            }

            throw new NotSupportedException(targetMethod?.Name);
        }
    }
}
