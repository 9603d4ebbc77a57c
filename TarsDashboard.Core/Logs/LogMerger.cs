using System.Collections.ObjectModel;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Interleaves the entries of several log sources into one bounded list ordered by time. Each source keeps its own
/// order (a source's entries never pass each other); across sources the earlier timestamp comes first and equal
/// times keep arrival order. An entry without a timestamp (a continuation line, a gap marker) sits right after its
/// source's previous entry when that source has shown a time; a source that never has (a log file whose lines carry
/// no time) goes by arrival, at the end. When full, the oldest entries drop out.
/// </summary>
/// <typeparam name="T">The entry type; the merger only reads its source and time.</typeparam>
public sealed class LogMerger<T>
{
    private readonly List<T> _items = [];
    private readonly List<long> _keys = [];
    private readonly Dictionary<int, long> _lastKeyBySource = [];
    private readonly HashSet<int> _timedSources = [];
    private readonly Func<T, int> _sourceOf;
    private readonly Func<T, DateTimeOffset?> _timeOf;

    /// <param name="capacity">The most entries kept; the oldest go first.</param>
    /// <param name="sourceOf">Which source an entry belongs to (any stable number per source).</param>
    /// <param name="timeOf">The entry's time, or null when it has none.</param>
    public LogMerger(int capacity, Func<T, int> sourceOf, Func<T, DateTimeOffset?> timeOf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(sourceOf);
        ArgumentNullException.ThrowIfNull(timeOf);
        Capacity = capacity;
        Items = _items.AsReadOnly();
        _sourceOf = sourceOf;
        _timeOf = timeOf;
    }

    public int Capacity { get; }

    /// <summary>The merged entries, oldest first (a live view: it changes with every <see cref="Add"/>).</summary>
    public ReadOnlyCollection<T> Items { get; }

    /// <summary>
    /// Places <paramref name="entries"/> (each source's in its own order) and drops the oldest beyond the capacity,
    /// adding them to <paramref name="dropped"/> when given. Returns true when every entry went to the end, so a
    /// reader that kept an index of the list may extend it instead of rebuilding it.
    /// </summary>
    public bool Add(IEnumerable<T> entries, List<T>? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var appendedOnly = true;
        foreach (var entry in entries)
        {
            var key = KeyFor(entry);
            var index = UpperBound(key);
            appendedOnly &= index == _items.Count;
            _items.Insert(index, entry);
            _keys.Insert(index, key);
        }

        var excess = _items.Count - Capacity;
        if (excess > 0)
        {
            dropped?.AddRange(_items.GetRange(0, excess));
            _items.RemoveRange(0, excess);
            _keys.RemoveRange(0, excess);
        }

        return appendedOnly;
    }

    /// <summary>Drops the <paramref name="count"/> oldest entries (a caller bounding by more than the count of entries), adding them to <paramref name="dropped"/> when given.</summary>
    public void RemoveOldest(int count, List<T>? dropped = null)
    {
        count = Math.Clamp(count, 0, _items.Count);
        if (count == 0)
        {
            return;
        }

        dropped?.AddRange(_items.GetRange(0, count));
        _items.RemoveRange(0, count);
        _keys.RemoveRange(0, count);
    }

    /// <summary>Forgets every entry (a new set of sources).</summary>
    public void Clear()
    {
        _items.Clear();
        _keys.Clear();
        _lastKeyBySource.Clear();
        _timedSources.Clear();
    }

    // Ticks of the entry's time, never before its source's previous entry, so a source's own order is kept even when
    // its clock steps back. A source with no time at all is placed by arrival: tying it to its own previous line
    // would leave it behind every timed line that arrived since, out of a following view.
    private long KeyFor(T entry)
    {
        var source = _sourceOf(entry);
        var hasLast = _lastKeyBySource.TryGetValue(source, out var last);
        long key;
        if (_timeOf(entry) is { } time)
        {
            key = hasLast ? Math.Max(last, time.UtcTicks) : time.UtcTicks;
            _timedSources.Add(source);
        }
        else if (hasLast && _timedSources.Contains(source))
        {
            key = last;
        }
        else
        {
            var end = _keys.Count > 0 ? _keys[^1] : long.MinValue;
            key = hasLast ? Math.Max(last, end) : end;
        }

        _lastKeyBySource[source] = key;
        return key;
    }

    // The first index whose key is greater: equal keys keep arrival order. Live entries mostly go at the end.
    private int UpperBound(long key)
    {
        if (_keys.Count == 0 || _keys[^1] <= key)
        {
            return _keys.Count;
        }

        int low = 0, high = _keys.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_keys[middle] <= key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
