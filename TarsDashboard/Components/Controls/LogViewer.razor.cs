using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// Follows one or more <see cref="LogSubscription"/>s into a <see cref="LogViewModel"/> rendered through <c>Virtualize</c>.
/// Readers queue lines off the render thread; every ~100 ms the queue is applied inside <c>InvokeAsync</c>, so the
/// model changes on the renderer's thread only. Several sources are merged by time, each line prefixed with its label.
/// </summary>
public sealed partial class LogViewer : IAsyncDisposable
{
    /// <summary>Lines longer than this are cut in the view until expanded.</summary>
    public const int ShownLineLength = 400;

    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    // What the reader opened, per row: the whole of a long line, a stack trace's lines, a JSON line indented.
    private readonly HashSet<(long Key, RowPart Part)> _expanded = [];
    private LogViewModel _model = new(1);
    private IReadOnlyList<object> _following = [];
    private SourceTag[] _tags = [];
    private (string? Search, bool Filter)? _appliedInitial;
    private CancellationTokenSource? _stop;
    private IJSObjectReference? _module;
    private ElementReference _scroller;
    private bool _showTimestamps = true;
    private string? _searchError;
    private string? _followError;
    private bool _accessLost;
    private bool _scrolledToTime;

    /// <summary>The source to follow; the viewer reads it but does not dispose it.</summary>
    [Parameter]
    public LogSubscription? Subscription { get; set; }

    /// <summary>Several sources to merge by time (instead of <see cref="Subscription"/>); read, not disposed.</summary>
    [Parameter]
    public IReadOnlyList<LogSubscription>? Subscriptions { get; set; }

    /// <summary>
    /// Feeds to read and merge (instead of <see cref="Subscription"/>/<see cref="Subscriptions"/>): the results of a
    /// range search, say. Read, not disposed; a new list of the same feeds changes nothing.
    /// </summary>
    [Parameter]
    public IReadOnlyList<LogFeed>? Feeds { get; set; }

    /// <summary>Once lines arrive, bring the first one at or after this time into view and mark it ("around this line").</summary>
    [Parameter]
    public DateTimeOffset? ScrollToTime { get; set; }

    /// <summary>A link to the moment of a line (shown on each row), or null for none.</summary>
    [Parameter]
    public Func<LogLine, string?>? LineLink { get; set; }

    /// <summary>New lines keep the view at the end (a live tail); off for results read from the top.</summary>
    [Parameter]
    public bool FollowEnd { get; set; } = true;

    /// <summary>
    /// Levels hidden by the parent's own chips (the history search's): the viewer then shows no chips of its own, so a
    /// page has one row of level chips that filters what is shown at once.
    /// </summary>
    [Parameter]
    public IReadOnlySet<LogSeverity>? HiddenLevels { get; set; }

    /// <summary>The initial search is a regular expression.</summary>
    [Parameter]
    public bool InitialRegex { get; set; }

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
    public int LineCount => _model.LineCount;

    private bool IsMerged => _tags.Length > 1;

    protected override void OnParametersSet()
    {
        ApplyInitialSearch();
        _model.FollowEnd = FollowEnd;
        if (HiddenLevels is not null)
        {
            _model.SetHiddenLevels(HiddenLevels);
        }

        // What the parent handed over decides whether anything changed: the same subscriptions or feeds keep following.
        IReadOnlyList<object> wanted = Feeds ?? (IReadOnlyList<object>?)Subscriptions ?? (Subscription is null ? [] : [Subscription]);
        if (wanted.SequenceEqual(_following, ReferenceEqualityComparer.Instance))
        {
            return;
        }

        StopFollowing();
        _model.Reset(Capacity);
        _expanded.Clear();
        _following = [.. wanted];
        _scrolledToTime = false;
        var feeds = Feeds ?? [.. wanted.Cast<LogSubscription>().Select(LogFeed.Follow)];
        _tags = [.. feeds.Select(f => new SourceTag(f.SourceId.ToString(), LogSourceLabel.Short(f.SourceId), LogSourceLabel.ColorIndex(f.SourceId)))];
        _followError = null;
        _accessLost = false;
        if (wanted.Count > 0)
        {
            _stop = new CancellationTokenSource();
            var token = _stop.Token;
            for (var index = 0; index < feeds.Count; index++)
            {
                var (feed, source) = (feeds[index], index);
                _ = Task.Run(() => FollowAsync(feed, source, token), CancellationToken.None);
            }

            _ = Task.Run(() => FlushLoopAsync(token), CancellationToken.None);
        }
    }

    // A link such as "open logs for this failure" starts with the search filled in; later changes are the user's.
    private void ApplyInitialSearch()
    {
        if (_appliedInitial == (InitialSearch, InitialFilter))
        {
            return;
        }

        _appliedInitial = (InitialSearch, InitialFilter);
        var text = InitialSearch ?? "";
        _model.SetFilter(InitialFilter && text.Length > 0);
        SetSearch(text, InitialRegex || _model.UseRegex, _model.MatchCase);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_model.ScrollToEnd && _model.ScrollToKey is null)
        {
            return;
        }

        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Controls/LogViewer.razor.js");
            if (_model.ScrollToKey is { } key)
            {
                var index = _model.IndexInView(key);
                _model.ScrollDone();
                if (index >= 0 && _module is not null)
                {
                    await _module.InvokeVoidAsync("scrollToIndex", _scroller, index, ItemSize);
                }
            }
            else if (_module is not null)
            {
                _model.ScrollDone();
                await _module.InvokeVoidAsync("scrollToBottom", _scroller);
            }
        }
        catch (Exception exception) when (exception is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            // Scrolling is a convenience: prerendering, a closed circuit or a test host without JS just skip it.
            _model.ScrollDone();
        }
    }

    private const float ItemSize = 20;

    private async Task FollowAsync(LogFeed feed, int source, CancellationToken token)
    {
        try
        {
            await foreach (var batch in feed.ReadAsync(token))
            {
                // Only queued here, on the reader's thread; the flush applies it on the renderer's.
                _model.Enqueue(batch, source, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The viewer switched sources or closed.
        }
        catch (AccessDeniedException)
        {
            // A grant taken away while following: the viewer says so; a refusal is not a failure to log.
            _accessLost = true;
            await RefreshAsync();
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Following {Source} stopped", feed.SourceId);
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
            // The viewer switched sources or closed.
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed between ticks.
        }
    }

    private void Flush()
    {
        if (_model.Apply())
        {
            if (ScrollToTime is { } at && !_scrolledToTime)
            {
                // Until the moment's line has arrived, the first later one is the best guess; it settles as results come.
                _scrolledToTime = _model.MarkTime(at);
            }

            StateHasChanged();
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await InvokeAsync(StateHasChanged);
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed while the reader stopped; nothing is left to render.
        }
    }

    private void TogglePause()
    {
        if (_model.Paused)
        {
            _model.Resume();
        }
        else
        {
            _model.Pause();
        }
    }

    private void OnSearchChanged(string? text) => SetSearch(text, _model.UseRegex, _model.MatchCase);

    private void OnRegexChanged(bool value) => SetSearch(_model.SearchText, value, _model.MatchCase);

    private void OnMatchCaseChanged(bool value) => SetSearch(_model.SearchText, _model.UseRegex, value);

    private void OnFilterChanged(bool value) => _model.SetFilter(value);

    private void SetSearch(string? text, bool useRegex, bool matchCase)
    {
        _model.SetSearch(text, useRegex, matchCase);
        _searchError = _model.SearchError is not { } error ? null : L[error.Code].ResourceNotFound ? error.Message : L[error.Code].Value;
    }

    private void MoveMatch(int step) => _model.MoveMatch(step);

    private bool IsExpanded(long key, RowPart part) => _expanded.Contains((key, part));

    private void ToggleExpanded(long key, RowPart part)
    {
        if (!_expanded.Remove((key, part)))
        {
            _expanded.Add((key, part));
        }
    }

    private static string Cut(string text, bool whole) => text.Length > ShownLineLength && !whole ? text[..ShownLineLength] : text;

    private MarkupString RenderText(string text)
    {
        var highlights = _model.Search is { IsEmpty: false } search ? search.FindMatches(text) : null;
        // AnsiToHtml HTML-encodes all of the text (a line, a JSON line's keys and values); its output is the only markup rendered raw.
        return new MarkupString(AnsiToHtml.Convert(text, highlights));
    }

    private string RowClass(long key, LogLine line) => _model.MarkedKey == key ? LineClass(line) + " marked" : LineClass(line);

    // The search matched a stack trace by one of its folded lines: the toggle says so until they are shown.
    private bool FramesHoldMatch(LogViewerEntry entry) =>
        _model.Search is { IsEmpty: false } search && entry.IsMatch && entry.Line is { } line && !search.IsMatch(line.Text);

    private static string LineClass(LogLine line) =>
        $"log-line level-{line.Level.ToString().ToLowerInvariant()}" + line.Stream switch
        {
            LogStream.Stderr => " stderr",
            LogStream.System => " system",
            _ => "",
        };

    private static string Timestamp(LogLine line) =>
        line.Timestamp is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) : "";

    private enum RowPart
    {
        Line,
        Frames,
        Json,
    }

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
                // The circuit is gone, and the module with it.
            }
        }
    }
}
