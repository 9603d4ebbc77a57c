using TarsDashboard.Core.Logs;

namespace TarsDashboard.Model;

/// <summary>
/// What the log viewer shows, apart from its markup: a bounded window of entries merged by time, the batch queued by
/// the readers, pause, search and filter, the levels shown, and where to scroll. A line that continues the previous
/// line of its source (a stack trace's frames, see <see cref="StackTraceContinuation"/>) joins that entry, also when
/// it arrives in a later batch. Readers on background threads only
/// <see cref="Enqueue"/>; everything else runs on the renderer's thread (in the viewer's ~100 ms flush inside
/// <c>InvokeAsync</c>), so the window, the view and the matches are never read half-changed.
/// </summary>
public sealed class LogViewModel
{
    private readonly Lock _queueGate = new();
    private readonly List<LogViewerEntry> _queue = [];
    private LogMerger<LogViewerEntry> _merger;
    private IList<LogViewerEntry> _view;
    private List<long> _matchKeys = [];
    // The entry each source's next line may join: its newest, while in the window and not a gap marker.
    private readonly Dictionary<int, LogViewerEntry> _openBySource = [];
    private long _nextKey;
    private int _queuedLines;
    private int _gapCount;
    private int _lineCount;
    private LogSearch? _search;
    private readonly HashSet<LogSeverity> _hiddenLevels = [];

    /// <param name="capacity">The most lines kept (gap markers count as one), in the window and in the queue while paused.</param>
    public LogViewModel(int capacity)
    {
        Capacity = Math.Max(1, capacity);
        _merger = NewMerger(Capacity);
        _view = Entries;
    }

    /// <summary>The most lines kept (a gap marker counts as one), in the window and in the queue while paused.</summary>
    public int Capacity { get; private set; }

    /// <summary>Every entry in the window, oldest first.</summary>
    public IList<LogViewerEntry> Entries => _merger.Items;

    /// <summary>What the viewer renders: the window, less the lines of hidden levels and, with <see cref="FilterToMatches"/>, the lines that do not match; gap markers always stay.</summary>
    public IList<LogViewerEntry> View => _view;

    /// <summary>The keys of the entries the search matches, in window order.</summary>
    public IReadOnlyList<long> MatchKeys => _matchKeys;

    /// <summary>Lines in the window, continuations included (gap markers not counted).</summary>
    public int LineCount => _lineCount;

    public bool Paused { get; private set; }

    /// <summary>Lines that arrived while paused and wait for <see cref="Resume"/>; the count is taken at each flush.</summary>
    public int HeldLines { get; private set; }

    /// <summary>The current search, or null while its text is empty.</summary>
    public LogSearch? Search => _search;

    public string SearchText { get; private set; } = "";

    public bool UseRegex { get; private set; }

    public bool MatchCase { get; private set; }

    /// <summary>Why the search text is not a valid search (it then matches nothing), or null.</summary>
    public LogSearchError? SearchError { get; private set; }

    public bool FilterToMatches { get; private set; }

    /// <summary>The levels the chips offer, lowest first; <see cref="LogSeverity.None"/> stands for lines without a level.</summary>
    public static IReadOnlyList<LogSeverity> Levels { get; } = Enum.GetValues<LogSeverity>();

    /// <summary>Whether lines of <paramref name="level"/> show (all levels show until a chip hides one).</summary>
    public bool IsLevelShown(LogSeverity level) => !_hiddenLevels.Contains(level);

    /// <summary>Hides or shows the lines of one level; gap markers always show.</summary>
    public void ToggleLevel(LogSeverity level)
    {
        if (!_hiddenLevels.Remove(level))
        {
            _hiddenLevels.Add(level);
        }

        CurrentMatch = null;
        Recompute();
    }

    /// <summary>Shows exactly the levels not in <paramref name="hidden"/> (a parent's level chips drive the view).</summary>
    public void SetHiddenLevels(IReadOnlySet<LogSeverity> hidden)
    {
        if (_hiddenLevels.SetEquals(hidden))
        {
            return;
        }

        _hiddenLevels.Clear();
        _hiddenLevels.UnionWith(hidden);
        CurrentMatch = null;
        Recompute();
    }

    /// <summary>The match last stepped to with <see cref="MoveMatch"/>.</summary>
    public long? CurrentMatch { get; private set; }

    /// <summary>New lines went to the end: the viewer follows them to the bottom after it renders.</summary>
    public bool ScrollToEnd { get; private set; }

    /// <summary>An entry to bring into view (a match stepped to); wins over <see cref="ScrollToEnd"/>.</summary>
    public long? ScrollToKey { get; private set; }

    /// <summary>
    /// Queues a reader's batch (any thread). A batch from a reader already stopped (<paramref name="stopped"/>
    /// cancelled before the lock) belongs to the sources before <see cref="Reset"/> and is dropped.
    /// </summary>
    public void Enqueue(LogBatch batch, int source, CancellationToken stopped = default)
    {
        lock (_queueGate)
        {
            if (stopped.IsCancellationRequested)
            {
                return;
            }

            if (batch.Missed > 0)
            {
                _queue.Add(new LogViewerEntry(_nextKey++, null, batch.Missed, source));
            }

            foreach (var line in batch.Lines)
            {
                _queue.Add(new LogViewerEntry(_nextKey++, line, 0, source));
            }

            _queuedLines += batch.Lines.Count;
            BoundQueue();
        }
    }

    // While paused the queue is the only buffer: it keeps the newest lines and one marker saying how many went.
    private void BoundQueue()
    {
        var excess = _queue.Count - Capacity;
        if (excess <= 0)
        {
            return;
        }

        var gone = _queue.Take(excess + 1).ToList();
        var (key, from) = (_queue[excess].Key, _queue[excess].Source);
        _queue.RemoveRange(0, excess + 1);
        _queue.Insert(0, new LogViewerEntry(key, null, gone.Sum(e => e.Line is null ? e.Skipped : 1), from));
        _queuedLines -= gone.Count(e => e.Line is not null);
    }

    /// <summary>
    /// Moves the queued entries into the window unless paused (renderer's thread). True when the viewer should
    /// render: lines were applied, or the count of lines held changed.
    /// </summary>
    public bool Apply()
    {
        List<LogViewerEntry> added;
        lock (_queueGate)
        {
            if (Paused || _queue.Count == 0)
            {
                if (_queuedLines == HeldLines)
                {
                    return false;
                }

                HeldLines = _queuedLines;
                return true;
            }

            added = [.. _queue];
            _queue.Clear();
            _queuedLines = 0;
            HeldLines = 0;
        }

        var fresh = Group(added, out var grown);
        var dropped = new List<LogViewerEntry>();
        var appendedOnly = _merger.Add(fresh, dropped);
        Count(fresh, sign: 1);
        TrimToCapacity(dropped);
        Count(dropped, sign: -1);
        foreach (var entry in dropped)
        {
            if (_openBySource.TryGetValue(entry.Source, out var open) && open == entry)
            {
                _openBySource.Remove(entry.Source);
            }
        }

        if (appendedOnly)
        {
            Extend(fresh, dropped, grown);
        }
        else
        {
            // A merged line landed before the end: the matches and the filtered view are rebuilt in the new order.
            Recompute();
        }

        ScrollToEnd = FollowEnd && MarkedKey is null;
        return true;
    }

    // Joins continuation lines to their source's open entry (one already in the window, or one of this batch); the
    // rest become entries. Returns those, and the entries from earlier flushes that grew, with the index of the first
    // continuation they got now.
    private List<LogViewerEntry> Group(List<LogViewerEntry> added, out Dictionary<LogViewerEntry, int>? grown)
    {
        grown = null;
        var fresh = new List<LogViewerEntry>(added.Count);
        var firstNewKey = added[0].Key;
        // A group never outweighs the window, so trimming keeps at least the newest entry.
        var maxContinuations = Math.Min(StackTraceContinuation.MaxContinuations, Capacity - 1);
        foreach (var entry in added)
        {
            if (entry.Line is not { } line)
            {
                _openBySource.Remove(entry.Source);
                fresh.Add(entry);
                continue;
            }

            if (_openBySource.TryGetValue(entry.Source, out var open) && open.TryAppend(line, maxContinuations))
            {
                // A new entry's lines are counted with it once it goes to the window.
                if (open.Key < firstNewKey)
                {
                    _lineCount++;
                    grown ??= [];
                    grown.TryAdd(open, open.Continuations.Count - 1);
                }

                continue;
            }

            _openBySource[entry.Source] = entry;
            fresh.Add(entry);
        }

        return fresh;
    }

    private void Count(List<LogViewerEntry> entries, int sign)
    {
        foreach (var entry in entries)
        {
            _lineCount += sign * entry.LineCount;
            _gapCount += entry.Line is null ? sign : 0;
        }
    }

    // The merger bounds entries; a group weighs its lines, so the oldest entries go until the lines fit.
    private void TrimToCapacity(List<LogViewerEntry> dropped)
    {
        var excess = _lineCount + _gapCount - Capacity;
        foreach (var entry in dropped)
        {
            excess -= Math.Max(1, entry.LineCount);
        }

        var count = 0;
        var entries = Entries;
        while (excess > 0 && count < entries.Count - 1)
        {
            excess -= Math.Max(1, entries[count].LineCount);
            count++;
        }

        _merger.RemoveOldest(count, dropped);
    }

    public void Pause() => Paused = true;

    /// <summary>Ends the pause and applies every line held meanwhile.</summary>
    public void Resume()
    {
        Paused = false;
        Apply();
    }

    /// <summary>Empties the window and the queue for a new set of sources; the search, filter and pause stay.</summary>
    public void Reset(int capacity)
    {
        lock (_queueGate)
        {
            // Readers bound the queue by it, under this lock.
            Capacity = Math.Max(1, capacity);
            _queue.Clear();
            _queuedLines = 0;
            HeldLines = 0;
        }

        _merger = NewMerger(Capacity);
        _openBySource.Clear();
        _gapCount = 0;
        _lineCount = 0;
        CurrentMatch = null;
        MarkedKey = null;
        Recompute();
    }

    /// <summary>Sets the search; the same search again (a debounced repeat) keeps the current match.</summary>
    public void SetSearch(string? text, bool useRegex, bool matchCase)
    {
        text ??= "";
        if (_search is { } current && SearchError is null && (current.Pattern, current.UseRegex, current.MatchCase) == (text, useRegex, matchCase))
        {
            return;
        }

        (SearchText, UseRegex, MatchCase) = (text, useRegex, matchCase);
        _search = LogSearch.TryCreate(text, useRegex, matchCase, out var error);
        SearchError = error;
        CurrentMatch = null;
        Recompute();
    }

    public void SetFilter(bool filterToMatches)
    {
        FilterToMatches = filterToMatches;
        Recompute();
    }

    /// <summary>Steps to the next (<paramref name="step"/> 1) or previous (-1) match, wrapping, and asks to scroll to it.</summary>
    public void MoveMatch(int step)
    {
        if (_matchKeys.Count == 0)
        {
            return;
        }

        var index = CurrentMatch is { } current ? _matchKeys.IndexOf(current) : -1;
        index = index < 0
            ? (step > 0 ? 0 : _matchKeys.Count - 1)
            : (index + step + _matchKeys.Count) % _matchKeys.Count;
        CurrentMatch = _matchKeys[index];
        ScrollToKey = CurrentMatch;
        ScrollToEnd = false;
    }

    /// <summary>New lines scroll the view to the end (a live tail); off for search results, read from the top.</summary>
    public bool FollowEnd { get; set; } = true;

    /// <summary>The line a link pointed at ("around this line"); while set, new lines do not scroll the view to the end.</summary>
    public long? MarkedKey { get; private set; }

    /// <summary>Marks the first line at or after <paramref name="at"/> and asks to scroll to it; false while none has arrived.</summary>
    public bool MarkTime(DateTimeOffset at)
    {
        foreach (var entry in View)
        {
            if (entry.Line?.Timestamp is { } time && time >= at)
            {
                MarkedKey = ScrollToKey = entry.Key;
                ScrollToEnd = false;
                return true;
            }
        }

        return false;
    }

    /// <summary>The viewer scrolled (or could not): the request is done.</summary>
    public void ScrollDone()
    {
        ScrollToEnd = false;
        ScrollToKey = null;
    }

    /// <summary>Where <paramref name="key"/> is in <see cref="View"/>, or -1.</summary>
    public int IndexInView(long key)
    {
        var view = View;
        for (var i = 0; i < view.Count; i++)
        {
            if (view[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private LogSearch? ActiveSearch => _search is { IsEmpty: false } search ? search : null;

    // The view is a list of its own when some entries are left out: by the level chips, or by "filter to matches".
    private bool IsFiltered => _hiddenLevels.Count > 0 || (FilterToMatches && ActiveSearch is not null);

    private bool ShowsLevelOf(LogViewerEntry entry) => entry.Line is not { } line || !_hiddenLevels.Contains(line.Level);

    // An entry matches when its line or any line joined to it does, from continuation index `from` on.
    private static bool Matches(LogViewerEntry entry, LogSearch search, int from = -1)
    {
        if (entry.Line is not { } line)
        {
            return false;
        }

        if (from < 0 && search.IsMatch(line.Text))
        {
            return true;
        }

        var continuations = entry.Continuations;
        for (var i = Math.Max(0, from); i < continuations.Count; i++)
        {
            if (search.IsMatch(continuations[i].Text))
            {
                return true;
            }
        }

        return false;
    }

    // Whether an entry is in a filtered view, going by the match it was last classified with.
    private bool IsInView(LogViewerEntry entry, LogSearch? search) =>
        entry.Line is null || (ShowsLevelOf(entry) && (entry.IsMatch || !(FilterToMatches && search is not null)));

    private void Recompute()
    {
        var search = ActiveSearch;
        if (search is null && !IsFiltered)
        {
            _matchKeys = [];
            _view = Entries;
            return;
        }

        var matches = new List<long>();
        var view = IsFiltered ? new List<LogViewerEntry>() : null;
        foreach (var entry in Entries)
        {
            Classify(entry, search, matches, view);
        }

        _matchKeys = matches;
        _view = view ?? Entries;
    }

    // Gap markers always show; a line shows when its level is shown and, filtering to matches, it matches.
    private void Classify(LogViewerEntry entry, LogSearch? search, List<long> matches, List<LogViewerEntry>? view)
    {
        var levelShown = ShowsLevelOf(entry);
        var isMatch = levelShown && search is not null && Matches(entry, search);
        entry.IsMatch = isMatch;
        if (isMatch)
        {
            matches.Add(entry.Key);
        }

        if (entry.Line is null || (levelShown && (isMatch || !(FilterToMatches && search is not null))))
        {
            view?.Add(entry);
        }
    }

    /// <summary>
    /// Brings the view and the matches up to date after entries only went to the end, looking only at those, the
    /// dropped ones and the lines that joined entries already shown.
    /// </summary>
    private void Extend(List<LogViewerEntry> added, List<LogViewerEntry> dropped, Dictionary<LogViewerEntry, int>? grown)
    {
        var search = ActiveSearch;
        if (search is null && !IsFiltered)
        {
            _view = Entries;
            return;
        }

        var filtered = IsFiltered ? _view as List<LogViewerEntry> : null;
        if (IsFiltered && filtered is null)
        {
            Recompute();
            return;
        }

        var gone = dropped.Select(e => e.Key).ToHashSet();
        if (gone.Count > 0)
        {
            _matchKeys.RemoveAll(gone.Contains);
            filtered?.RemoveAll(e => gone.Contains(e.Key));
        }

        if (search is not null && grown is not null)
        {
            // The new entries are the window's last ones (they only went to the end) and are not classified yet.
            var newInWindow = added.Count(e => !gone.Contains(e.Key));
            foreach (var (entry, from) in grown)
            {
                if (!entry.IsMatch && !gone.Contains(entry.Key) && ShowsLevelOf(entry) && Matches(entry, search, from))
                {
                    PromoteToMatch(entry, search, newInWindow, filtered);
                }
            }
        }

        foreach (var entry in added)
        {
            // Entries trimmed in this same apply are gone already.
            if (!gone.Contains(entry.Key))
            {
                Classify(entry, search, _matchKeys, filtered);
            }
        }

        if (filtered is null)
        {
            _view = Entries;
        }
    }

    // An entry shown before matched only once a later line joined it: it takes its place among the matches (and in a
    // view filtered to them). It is near the end, so the walk back to it is short.
    private void PromoteToMatch(LogViewerEntry entry, LogSearch search, int newInWindow, List<LogViewerEntry>? filtered)
    {
        var entries = Entries;
        int matchesAfter = 0, shownAfter = 0;
        var index = entries.Count - newInWindow - 1;
        for (; index >= 0 && entries[index] != entry; index--)
        {
            matchesAfter += entries[index].IsMatch ? 1 : 0;
            shownAfter += IsInView(entries[index], search) ? 1 : 0;
        }

        if (index < 0)
        {
            return;
        }

        var wasShown = IsInView(entry, search);
        entry.IsMatch = true;
        _matchKeys.Insert(_matchKeys.Count - matchesAfter, entry.Key);
        if (filtered is not null && !wasShown)
        {
            filtered.Insert(filtered.Count - shownAfter, entry);
        }
    }

    private static LogMerger<LogViewerEntry> NewMerger(int capacity) =>
        new(capacity, entry => entry.Source, entry => entry.Line?.Timestamp);
}
