namespace TarsDashboard.Core.Live;

/// <summary>
/// Handles each progress message on the reading thread, in order. <see cref="Progress{T}"/> would post them to the
/// thread pool, where they can arrive out of order and after the pull has already returned.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
