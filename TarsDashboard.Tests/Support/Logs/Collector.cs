namespace TarsDashboard.Tests.Logs;

/// <summary>Items gathered by a background reader, for a test to wait on and inspect.</summary>
internal sealed class Collector<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    public void Add(T item) => AddRange([item]);

    public void AddRange(IEnumerable<T> items)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _items.AddRange(items);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the items so far; fails with <paramref name="what"/> on timeout.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<T>, bool> condition, string what, double timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (condition(_items))
                {
                    return;
                }

                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Timed out waiting for {what}; {Items.Count} items so far, the last: "
                    + string.Join(" | ", Items.TakeLast(5)));
            }

            await Task.WhenAny(changed, Task.Delay(left));
        }
    }
}
