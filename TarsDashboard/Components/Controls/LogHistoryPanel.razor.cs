using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// History beyond the ring buffer: a time range (the last 5 minutes, hour or day, a custom span, or around a linked
/// moment), a text or regex search and levels, run on the server over each source's engine log or file. Matches stream
/// into a <see cref="LogViewer"/> through one <see cref="LogRangeFeed"/> per source, with the count and progress here;
/// Cancel stops the reading and keeps what was found. Bad input is answered at its field and nothing runs.
/// </summary>
public sealed partial class LogHistoryPanel : IAsyncDisposable
{
    /// <summary>The whole window of the viewer, shared out among the sources.</summary>
    private const int WindowLines = LogRangeQuery.DefaultMaxMatches;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How far either side of a linked moment "around this line" reads.</summary>
    public static readonly TimeSpan AroundSpan = TimeSpan.FromMinutes(5);

    private readonly HashSet<LogSeverity> _hiddenLevels = [];
    private IReadOnlyList<LogRangeFeed> _feeds = [];
    private HistoryRange _range = HistoryRange.LastHour;
    private LogTimeRange? _searched;
    private string? _fromText;
    private string? _toText;
    private string? _pattern;
    private bool _regex;
    private bool _matchCase;
    private string? _fromError;
    private string? _toError;
    private string? _patternError;
    private string? _shownPattern;
    private bool _shownRegex;
    private DateTimeOffset? _markAt;
    private DateTimeOffset? _startedAt;
    private CancellationTokenSource? _progressLoop;

    /// <summary>The sources searched, merged by time in the results.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<LogSourceId> Sources { get; set; } = [];

    /// <summary>A linked moment: the panel starts on "around" it, searches at once and marks the line.</summary>
    [Parameter]
    public DateTimeOffset? At { get; set; }

    /// <summary>The link to a result line's moment (see <see cref="LogViewer.LineLink"/>).</summary>
    [Parameter]
    public Func<LogLine, string?>? LineLink { get; set; }

    [Inject]
    private LogStreamManager Logs { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ILogger<LogHistoryPanel> Logger { get; set; } = default!;

    private IEnumerable<HistoryRange> RangeChoices =>
        Enum.GetValues<HistoryRange>().Where(r => r != HistoryRange.Around || _startedAt is not null);

    private bool IsRunning => _feeds.Any(f => f.Outcome == LogRangeOutcome.Running);

    private long TotalScanned => _feeds.Sum(f => f.Scanned);

    private long TotalMatches => _feeds.Sum(f => f.MatchCount);

    private double Progress => _feeds.Count == 0 ? 0 : _feeds.Average(f => f.Outcome == LogRangeOutcome.Running ? f.Progress : 1);

    private int MaxMatches => Math.Max(1, WindowLines / Math.Max(1, Sources.Count));

    private string StateText => _feeds.Count == 0 ? "idle"
        : IsRunning ? "running"
        : _feeds.Any(f => f.Outcome == LogRangeOutcome.Cancelled) ? "cancelled"
        : "done";

    private string StatusKey => StateText switch
    {
        "running" => "Logs.History.Running",
        "cancelled" => "Logs.History.Cancelled",
        _ => "Logs.History.Done",
    };

    private string RangeText => _searched is null ? "" : $"{LogTimeRange.FormatTime(_searched.From)} – {LogTimeRange.FormatTime(_searched.To)} UTC";

    private string? _startedFor;

    private string? _sourcesKey;

    protected override async Task OnParametersSetAsync()
    {
        // Results of other sources would mislead: a new set clears them.
        var sources = string.Join(' ', Sources);
        if (_sourcesKey is not null && sources != _sourcesKey)
        {
            await StopAsync();
            _feeds = [];
        }

        _sourcesKey = sources;

        // A new linked moment (or new sources with one) starts its own search; otherwise the form keeps what was typed.
        var key = At is { } at ? $"{at:O}|{string.Join(' ', Sources)}" : null;
        if (key is null || key == _startedFor)
        {
            return;
        }

        _startedFor = key;
        _startedAt = At;
        _range = HistoryRange.Around;
        await SearchAsync();
    }

    private void OnRangeChanged(HistoryRange range)
    {
        _range = range;
        if (range == HistoryRange.Custom && _fromText is null)
        {
            // A custom range starts as the last hour, to edit.
            var now = Clock.GetUtcNow();
            (_fromText, _toText) = (LogTimeRange.FormatTime(now.AddHours(-1)), LogTimeRange.FormatTime(now));
        }
    }

    private void ToggleLevel(LogSeverity level)
    {
        if (!_hiddenLevels.Remove(level))
        {
            _hiddenLevels.Add(level);
        }
    }

    private async Task OnKeyUp(KeyboardEventArgs args)
    {
        if (args.Key == "Enter" && !IsRunning)
        {
            await SearchAsync();
        }
    }

    private async Task SearchAsync()
    {
        var range = ReadRange();
        var search = LogSearch.TryCreate(_pattern, _regex, _matchCase, out var patternError);
        _patternError = patternError is null ? null : Localized(patternError);
        if (range is null || search is null || Sources.Count == 0)
        {
            return;
        }

        await StopAsync();
        var levels = _hiddenLevels.Count == 0 ? null : LogViewModel.Levels.Where(l => !_hiddenLevels.Contains(l)).ToHashSet();
        var query = new LogRangeQuery(range, search, levels, MaxMatches);
        var caller = await Caller.GetAsync();
        _searched = range;
        _shownPattern = search.Pattern;
        _shownRegex = search.UseRegex;
        _markAt = _range == HistoryRange.Around ? _startedAt : null;
        _feeds = [.. Sources.Select(id => new LogRangeFeed(Logs, caller, id, query, Logger))];
        StartProgressLoop();
    }

    // The fields' own messages; null when one is wrong (nothing runs then).
    private LogTimeRange? ReadRange()
    {
        (_fromError, _toError) = (null, null);
        var now = Clock.GetUtcNow();
        switch (_range)
        {
            case HistoryRange.Last5Minutes:
                return LogTimeRange.Last(TimeSpan.FromMinutes(5), now);
            case HistoryRange.LastHour:
                return LogTimeRange.Last(TimeSpan.FromHours(1), now);
            case HistoryRange.Last24Hours:
                return LogTimeRange.Last(TimeSpan.FromDays(1), now);
            case HistoryRange.Around when _startedAt is { } at:
                return LogTimeRange.Around(at, AroundSpan);
        }

        var from = LogTimeRange.ParseTime(_fromText, out var fromError);
        var to = LogTimeRange.ParseTime(_toText, out var toError);
        _fromError = fromError is null ? null : Localized(fromError);
        _toError = toError is null ? null : Localized(toError);
        if (_fromError is not null || _toError is not null)
        {
            return null;
        }

        var range = LogTimeRange.TryCreate(from, to, out var rangeError);
        if (rangeError is not null)
        {
            // A missing start belongs to From; a missing end and a reversed range to To.
            if (rangeError.Code == "Logs.Range.FromMissing")
            {
                _fromError = Localized(rangeError);
            }
            else
            {
                _toError = Localized(rangeError);
            }
        }

        return range;
    }

    private string Localized(LogSearchError error) => L[error.Code].ResourceNotFound ? error.Message : L[error.Code].Value;

    private string Explain(Exception failure) => LogRangeFeed.IsExplained(failure) ? failure.Message : L.Describe(failure);

    private void StartProgressLoop()
    {
        _progressLoop = new CancellationTokenSource();
        var token = _progressLoop.Token;
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(ProgressInterval, Clock);
            try
            {
                // One more round after the last feed ends, so the final count shows.
                var running = true;
                while (running && await timer.WaitForNextTickAsync(token))
                {
                    running = IsRunning;
                    await InvokeAsync(StateHasChanged);
                }
            }
            catch (OperationCanceledException)
            {
                // A new search or the panel closed.
            }
            catch (ObjectDisposedException)
            {
                // The circuit closed between ticks.
            }
        }, CancellationToken.None);
    }

    private void Cancel()
    {
        foreach (var feed in _feeds)
        {
            feed.Cancel();
        }
    }

    private Task StopAsync()
    {
        Cancel();
        _progressLoop?.Cancel();
        _progressLoop?.Dispose();
        _progressLoop = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The time ranges offered; <see cref="Around"/> only when the page was opened on a linked moment.</summary>
    public enum HistoryRange
    {
        Last5Minutes,
        LastHour,
        Last24Hours,
        Custom,
        Around,
    }
}
