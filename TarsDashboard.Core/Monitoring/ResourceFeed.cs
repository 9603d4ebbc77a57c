namespace TarsDashboard.Core.Monitoring;

/// <summary>One container's running stats stream: its ring of samples and who holds it open.</summary>
internal sealed class ResourceFeed(ContainerKey key, int capacity)
{
    public ContainerKey Key { get; } = key;

    public SampleRing Ring { get; } = new(capacity);

    /// <summary>Viewers and the recorder holding the stream open; guarded by the manager's lock.</summary>
    public int Holders { get; set; }

    public CancellationTokenSource Stopping { get; } = new();

    public CancellationTokenSource? Linger { get; set; }

    public Task Running { get; set; } = Task.CompletedTask;

    /// <summary>Why the last attempt to read the engine failed, null while samples arrive.</summary>
    public string? Problem { get; set; }

    public int Restarts { get; set; }

    public event Action<ResourceSample>? Sampled;

    public void Raise(ResourceSample sample) => Sampled?.Invoke(sample);
}
