using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// Follows one or more <see cref="LogSubscription"/>s into a bounded window of lines rendered through <c>Virtualize</c>.
/// Lines are gathered off the render thread and shown in batches at most every ~100 ms; pausing keeps gathering.
/// Several sources are merged by time (<see cref="LogMerger{T}"/>), each line prefixed with its source's label.
/// </summary>
public sealed partial class LogViewer : IAsyncDisposable
{
    /// <summary>Lines longer than this are cut in the view until expanded.</summary>
    public const int ShownLineLength = 400;

    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _pendingGate = new();
    private readonly List<LogViewerEntry> _pending = [];
    private readonly HashSet<long> _expanded = [];
    private LogMerger<LogViewerEntry> _merger = NewMerger(1);
    private IList<LogViewerEntry> _view = [];
    private List<long> _matchKeys = [];
    private IReadOnlyList<LogSubscription> _following = [];
    private SourceTag[] _tags = [];
    private (string? Search, bool Filter)? _appliedInitial;
    private CancellationTokenSource? _stop;
    private IJSObjectReference? _module;
    private ElementReference _scroller;
    private long _nextKey;
    private int _pendingLines;
    private int _gapCount;
    private bool _paused;
    private bool _showTimestamps = true;
    private bool _filterToMatches;
    private bool _useRegex;
    private bool _matchCase;
    private string _searchText = "";
    private string? _searchError;
    private LogSearch? _search;
    private long? _currentMatch;
    private int _pendingCount;
    private bool _scrollToBottom;
    private long? _scrollToKey;
    private string? _followError;
    private bool _accessLost;

    /// <summary>The source to follow; the viewer reads it but does not dispose it.</summary>
    [Parameter]
    public LogSubscription? Subscription { get; set; }

    /// <summary>Several sources to merge by time (instead of <see cref="Subscription"/>); read, not disposed.</summary>
    [Parameter]
    public IReadOnlyList<LogSubscription>? Subscriptions { get; set; }

    /// <summary>Search text to start with (e.g. from the page's <c>q=</c> or <c>filter=</c>).</summary>
    [Parameter]
    public string? InitialSearch { get; set; }

    /// <summary>Start with "filter to matches" on.</summary>
    [Parameter]
    public bool InitialFilter { get; set; }

    /// <summary>The most lines kept in the window; older ones drop out.</summary>
    [Parameter]
    public int Capacity { get; set; } = 100_000;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<LogViewer> Logger { get; set; } = default!;

    /// <summary>Lines in the window now (for tests and the page's summary).</summary>
    public int LineCount => _merger.Items.Count - _gapCount;

    private IList<LogViewerEntry> Entries => _merger.Items;

    private bool IsMerged => _tags.Length > 1;

    protected override void OnParametersSet()
    {
        ApplyInitialSearch();
        IReadOnlyList<LogSubscription> wanted = Subscriptions ?? (Subscription is null ? [] : [Subscription]);
        if (wanted.SequenceEqual(_following, ReferenceEqualityComparer.Instance))
        {
            return;
        }

        StopFollowing();
        _merger = NewMerger(Capacity);
        _view = Entries;
        _matchKeys = [];
        _expanded.Clear();
        _gapCount = 0;
        lock (_pendingGate)
        {
            _pending.Clear();
            _pendingLines = 0;
            _pendingCount = 0;
        }

        _following = [.. wanted];
        _tags = [.. wanted.Select(s => new SourceTag(s.SourceId.ToString(), LogSourceLabel.Short(s.SourceId), LogSourceLabel.ColorIndex(s.SourceId)))];
        _followError = null;
        _accessLost = false;
        Recompute();
        if (wanted.Count > 0)
        {
            _stop = new CancellationTokenSource();
            var token = _stop.Token;
            for (var index = 0; index < wanted.Count; index++)
            {
                var (subscription, source) = (wanted[index], index);
                _ = Task.Run(() => FollowAsync(subscription, source, token), CancellationToken.None);
            }

            _ = Task.Run(() => FlushLoopAsync(token), CancellationToken.None);
        }
    }

    private static LogMerger<LogViewerEntry> NewMerger(int capacity) =>
        new(Math.Max(1, capacity), entry => entry.Source, entry => entry.Line?.Timestamp);

    // A link such as "open logs for this failure" starts with the search filled in; later changes are the user's.
    private void ApplyInitialSearch()
    {
        if (_appliedInitial == (InitialSearch, InitialFilter))
        {
            return;
        }

        _appliedInitial = (InitialSearch, InitialFilter);
        _searchText = InitialSearch ?? "";
        _filterToMatches = InitialFilter && _searchText.Length > 0;
        ApplySearch();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_scrollToBottom && _scrollToKey is null)
        {
            return;
        }

        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Controls/LogViewer.razor.js");
            if (_scrollToKey is { } key)
            {
                _scrollToKey = null;
                var index = IndexOf(_view, key);
                if (index >= 0 && _module is not null)
                {
                    await _module.InvokeVoidAsync("scrollToIndex", _scroller, index, ItemSize);
                }
            }
            else if (_module is not null)
            {
                _scrollToBottom = false;
                await _module.InvokeVoidAsync("scrollToBottom", _scroller);
            }
        }
        catch (Exception exception) when (exception is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            // Scrolling is a convenience: prerendering, a closed circuit or a test host without JS just skip it.
            _scrollToBottom = false;
        }
    }

    private const float ItemSize = 20;

    private static int IndexOf(IList<LogViewerEntry> entries, long key)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private async Task FollowAsync(LogSubscription subscription, int source, CancellationToken token)
    {
        try
        {
            await foreach (var batch in subscription.FollowAsync(1000, token))
            {
                lock (_pendingGate)
                {
                    // A batch read just before the viewer switched sources belongs to the old one.
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }

                    if (batch.Missed > 0)
                    {
                        _pending.Add(new LogViewerEntry(_nextKey++, null, batch.Missed, source));
                    }

                    foreach (var line in batch.Lines)
                    {
                        _pending.Add(new LogViewerEntry(_nextKey++, line, 0, source));
                    }

                    _pendingLines += batch.Lines.Count;

                    // While paused the pending list is the only buffer; keep it bounded too, and say what was dropped.
                    var excess = _pending.Count - Capacity;
                    if (excess > 0)
                    {
                        var dropped = _pending.Take(excess + 1).Sum(e => e.Line is null ? e.Skipped : 1);
                        var droppedLines = _pending.Take(excess + 1).Count(e => e.Line is not null);
                        var (key, from) = (_pending[excess].Key, _pending[excess].Source);
                        _pending.RemoveRange(0, excess + 1);
                        _pending.Insert(0, new LogViewerEntry(key, null, dropped, from));
                        _pendingLines -= droppedLines;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (AccessDeniedException)
        {
            _accessLost = true;
            await RefreshAsync();
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Following {Source} stopped", subscription.SourceId);
            _followError = exception.Message;
            await RefreshAsync();
        }
    }

    private async Task FlushLoopAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                await InvokeAsync(Flush);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed between ticks.
        }
    }

    private void Flush()
    {
        List<LogViewerEntry> added;
        lock (_pendingGate)
        {
            if (_paused || _pending.Count == 0)
            {
                if (_pendingLines != _pendingCount)
                {
                    _pendingCount = _pendingLines;
                    StateHasChanged();
                }

                return;
            }

            added = [.. _pending];
            _pending.Clear();
            _pendingLines = 0;
            _pendingCount = 0;
        }

        var dropped = new List<LogViewerEntry>();
        var appended = _merger.Add(added, dropped);
        _gapCount += added.Count(e => e.Line is null) - dropped.Count(e => e.Line is null);
        if (appended)
        {
            Extend(added, dropped);
        }
        else
        {
            // A merged line landed before the end: the match list and filtered view are rebuilt in the new order.
            Recompute();
        }

        _scrollToBottom = true;
        StateHasChanged();
    }

    private async Task RefreshAsync()
    {
        try
        {
            await InvokeAsync(StateHasChanged);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Recompute()
    {
        var search = _search is { IsEmpty: false } ? _search : null;
        if (search is null)
        {
            _matchKeys = [];
            _view = Entries;
            return;
        }

        var matches = new List<long>();
        var view = _filterToMatches ? new List<LogViewerEntry>() : Entries;
        foreach (var entry in Entries)
        {
            var isMatch = entry.Line is { } line && search.IsMatch(line.Text);
            if (isMatch)
            {
                matches.Add(entry.Key);
            }

            if (_filterToMatches && (isMatch || entry.Line is null))
            {
                view.Add(entry);
            }
        }

        _matchKeys = matches;
        _view = view;
    }

    /// <summary>Brings the view and the match list up to date after a flush that only appended, looking only at the new and dropped entries.</summary>
    private void Extend(List<LogViewerEntry> added, List<LogViewerEntry> dropped)
    {
        var search = _search is { IsEmpty: false } ? _search : null;
        if (search is null)
        {
            _view = Entries;
            return;
        }

        // Filtering shows a list of its own; without one yet (a state no path should leave), build it whole.
        var filtered = _filterToMatches ? _view as List<LogViewerEntry> : null;
        if (_filterToMatches && filtered is null)
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

        foreach (var entry in added)
        {
            // Entries trimmed in this same flush are gone already; skip them.
            if (gone.Contains(entry.Key))
            {
                continue;
            }

            var isMatch = entry.Line is { } line && search.IsMatch(line.Text);
            if (isMatch)
            {
                _matchKeys.Add(entry.Key);
            }

            if (isMatch || entry.Line is null)
            {
                filtered?.Add(entry);
            }
        }

        if (filtered is null)
        {
            _view = Entries;
        }
    }

    private void TogglePause()
    {
        _paused = !_paused;
        if (!_paused)
        {
            Flush();
        }
    }

    private void OnSearchChanged(string? text)
    {
        _searchText = text ?? "";
        ApplySearch();
    }

    private void OnRegexChanged(bool value)
    {
        _useRegex = value;
        ApplySearch();
    }

    private void OnMatchCaseChanged(bool value)
    {
        _matchCase = value;
        ApplySearch();
    }

    private void OnFilterChanged(bool value)
    {
        _filterToMatches = value;
        Recompute();
    }

    private void ApplySearch()
    {
        if (_search is { } current && _searchError is null
            && (current.Pattern, current.UseRegex, current.MatchCase) == (_searchText, _useRegex, _matchCase))
        {
            return; // the same search again (a debounced repeat): keep the current match
        }

        var search = LogSearch.TryCreate(_searchText, _useRegex, _matchCase, out var error);
        _searchError = error is null ? null : L[error.Code].ResourceNotFound ? error.Message : L[error.Code].Value;
        _search = search;
        _currentMatch = null;
        Recompute();
    }

    private void MoveMatch(int step)
    {
        if (_matchKeys.Count == 0)
        {
            return;
        }

        var index = _currentMatch is { } current ? _matchKeys.IndexOf(current) : -1;
        index = index < 0
            ? (step > 0 ? 0 : _matchKeys.Count - 1)
            : (index + step + _matchKeys.Count) % _matchKeys.Count;
        _currentMatch = _matchKeys[index];
        _scrollToKey = _currentMatch;
        _scrollToBottom = false;
    }

    private void ToggleExpanded(long key)
    {
        if (!_expanded.Remove(key))
        {
            _expanded.Add(key);
        }
    }

    private MarkupString RenderText(long key, LogLine line)
    {
        var text = line.Text.Length > ShownLineLength && !_expanded.Contains(key) ? line.Text[..ShownLineLength] : line.Text;
        var highlights = _search is { IsEmpty: false } search ? search.FindMatches(text) : null;
        // AnsiToHtml HTML-encodes all of the line's text; its output is the only markup rendered raw.
        return new MarkupString(AnsiToHtml.Convert(text, highlights));
    }

    private static string LineClass(LogLine line) =>
        $"log-line level-{line.Level.ToString().ToLowerInvariant()}" + line.Stream switch
        {
            LogStream.Stderr => " stderr",
            LogStream.System => " system",
            _ => "",
        };

    private static string Timestamp(LogLine line) =>
        line.Timestamp is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>A source's prefix in a merged view: its id, short label and colour class.</summary>
    private sealed record SourceTag(string Id, string Label, int Color);

    private void StopFollowing()
    {
        if (_stop is not null)
        {
            _stop.Cancel();
            _stop.Dispose();
            _stop = null;
        }

        _following = [];
    }

    public async ValueTask DisposeAsync()
    {
        StopFollowing();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}

/// <summary>
/// A row of the viewer: a line, or (when <see cref="Line"/> is null) a marker for lines skipped; keys rise in arrival
/// order. <see cref="Source"/> is the index of the subscription it came from.
/// </summary>
public sealed record LogViewerEntry(long Key, LogLine? Line, long Skipped, int Source = 0);
