using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// The log viewer page: pick one or more sources (container, file or journal) and follow them, merged by time; the
/// URL names the sources (<c>?source=A&amp;source=B</c>) and may pre-fill the search (<c>q=</c>) or filter to it (<c>filter=</c>).
/// </summary>
public sealed partial class Logs : IAsyncDisposable
{
    private const int MaxTail = 100_000;

    /// <summary>More sources than this in one view would be unreadable and open as many engine streams.</summary>
    public const int MaxSources = 8;

    private readonly List<SourceChoice> _choices = [];
    private IReadOnlyList<LogFileInfo> _files = [];
    private string? _filesOf;
    private List<LogSubscription> _subscriptions = [];
    private List<string> _sourceIds = [];
    private string? _openedFor;
    private string? _sourceText;
    private string? _sourceError;
    private string? _openError;
    private bool _denied;
    private bool _opening;
    private bool _interactive;
    private int _attempt;

    /// <summary>The log source ids, e.g. <c>container:node1:App.Server</c>; several are merged by time.</summary>
    [SupplyParameterFromQuery(Name = "source")]
    public string[]? Source { get; set; }

    /// <summary>Search text to start with.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? Query { get; set; }

    /// <summary>Search text to start with, showing only the matching lines.</summary>
    [SupplyParameterFromQuery(Name = "filter")]
    public string? Filter { get; set; }

    /// <summary><c>history</c> shows the range search instead of following live.</summary>
    [SupplyParameterFromQuery(Name = "mode")]
    public string? Mode { get; set; }

    /// <summary>A moment (ISO 8601) to open the history around, from a line's link; implies the history mode.</summary>
    [SupplyParameterFromQuery(Name = "at")]
    public string? At { get; set; }

    /// <summary>How many retained lines to show first.</summary>
    [SupplyParameterFromQuery(Name = "tail")]
    public int? Tail { get; set; }

    [Inject]
    private LogStreamManager LogStreams { get; set; } = default!;

    [Inject]
    private NodeService NodeService { get; set; } = default!;

    [Inject]
    private ServiceTreeQuery TreeQuery { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<Logs> Logger { get; set; } = default!;

    private bool IsHistory => string.Equals(Mode, "history", StringComparison.OrdinalIgnoreCase) || AtTime is not null;

    private DateTimeOffset? AtTime =>
        DateTimeOffset.TryParse(At, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at : null;

    private List<LogSourceId> _parsedIds = [];

    private string? CurrentKey => _sourceIds.Count == 0 ? null : string.Join(' ', _sourceIds);

    // The sources and the mode: switching live/history reopens even for the same sources.
    private string OpenKey => $"{CurrentKey}|{IsHistory}";

    private LogSubscription? SingleSubscription => _subscriptions.Count == 1 ? _subscriptions[0] : null;

    private string? InitialSearch => string.IsNullOrEmpty(Filter) ? Query : Filter;

    private string DownloadHref => $"/logs/download?source={Uri.EscapeDataString(_sourceIds.FirstOrDefault() ?? "")}";

    private string FullDownloadHref => DownloadHref + "&full=true";

    protected override async Task OnInitializedAsync()
    {
        await LoadChoicesAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        _sourceIds = [.. (Source ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal)];
        _sourceText = _sourceIds.Count == 1 ? _sourceIds[0] : null;
        if (_interactive)
        {
            await OpenCurrentAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            await OpenCurrentAsync();
            StateHasChanged();
        }
    }

    private string LinkFor(string id) => LinkFor([id]);

    /// <summary>The same sources, live or in the history mode.</summary>
    private string ModeLink(bool history)
    {
        var query = string.Join('&', _sourceIds.Select(id => $"source={Uri.EscapeDataString(id)}").Append(history ? "mode=history" : "").Where(p => p.Length > 0));
        return query.Length == 0 ? "/logs" : $"/logs?{query}";
    }

    /// <summary>A line's moment across the sources shown now: the history around it, the line marked.</summary>
    private string? LinkToMoment(LogLine line) =>
        line.Timestamp is { } time && _sourceIds.Count > 0
            ? LinkFor(_sourceIds) + "&at=" + Uri.EscapeDataString(time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
            : null;

    /// <summary>The page's URL for these sources, keeping a pre-filled search.</summary>
    private string LinkFor(IEnumerable<string> ids, bool keepSearch) =>
        LinkFor(ids) + (keepSearch && !string.IsNullOrEmpty(Filter) ? $"&filter={Uri.EscapeDataString(Filter)}"
            : keepSearch && !string.IsNullOrEmpty(Query) ? $"&q={Uri.EscapeDataString(Query)}" : "");

    private string LinkFor(IEnumerable<string> ids)
    {
        var query = string.Join('&', ids.Select(id => $"source={Uri.EscapeDataString(id)}"));
        // Browsing to other sources keeps the mode the page is in.
        var mode = IsHistory ? (query.Length == 0 ? "mode=history" : "&mode=history") : "";
        return query.Length == 0 && mode.Length == 0 ? "/logs" : $"/logs?{query}{mode}";
    }

    private string LabelOf(string id) => LogSourceId.TryParse(id, out var parsed, out _) ? LogSourceLabel.Short(parsed) : id;

    private static int ColorOf(string id) => LogSourceId.TryParse(id, out var parsed, out _) ? LogSourceLabel.ColorIndex(parsed) : 0;

    private async Task LoadChoicesAsync()
    {
        var caller = await Caller.GetAsync();
        _choices.Clear();
        try
        {
            foreach (var node in await NodeService.ListAsync(caller))
            {
                if (LogSourceId.TryParse($"journal:node:{node.NodeName}", out var id, out _))
                {
                    _choices.Add(new SourceChoice(id.ToString(), L["Logs.NodeJournal", node.NodeName]));
                }
            }
        }
        catch (AccessDeniedException)
        {
            // Callers without the shared view pick services only.
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Logs page could not list nodes");
        }

        try
        {
            var seenJournals = new HashSet<string>(StringComparer.Ordinal);
            foreach (var service in (await TreeQuery.LoadAsync(caller)).Where(s => s.IsContainer)
                .OrderBy(s => s.ServiceId, StringComparer.Ordinal).ThenBy(s => s.NodeName, StringComparer.Ordinal))
            {
                if (LogSourceId.TryParse($"container:{service.NodeName}:{service.ServiceId}", out var container, out _))
                {
                    _choices.Add(new SourceChoice(container.ToString(), L["Logs.ContainerLog", service.ServiceId, service.NodeName]));
                }

                if (seenJournals.Add(service.ServiceId)
                    && LogSourceId.TryParse($"journal:service:{service.ServiceId}", out var journal, out _))
                {
                    _choices.Add(new SourceChoice(journal.ToString(), L["Logs.ServiceJournal", service.ServiceId]));
                }
            }
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Logs page could not list services");
        }
    }

    private async Task OpenCurrentAsync()
    {
        if (_openedFor == OpenKey && _openError is null && !_denied && _sourceError is null)
        {
            return;
        }

        await CloseAsync();
        _files = [];
        _filesOf = null;
        _openedFor = OpenKey;
        _parsedIds = [];
        _sourceError = null;
        _openError = null;
        _denied = false;
        if (_sourceIds.Count == 0)
        {
            return;
        }

        if (_sourceIds.Count > MaxSources)
        {
            _sourceError = L["Logs.TooManySources", MaxSources];
            return;
        }

        var ids = new List<LogSourceId>();
        foreach (var text in _sourceIds)
        {
            if (!LogSourceId.TryParse(text, out var id, out var error))
            {
                _sourceError = error;
                return;
            }

            ids.Add(id);
        }

        _parsedIds = ids;
        if (IsHistory)
        {
            // The history panel reads the sources itself; nothing is followed live.
            await LoadFilesAsync(ids, ++_attempt);
            return;
        }

        _opening = true;
        StateHasChanged();
        var attempt = ++_attempt;
        var opened = new List<LogSubscription>();
        try
        {
            var follow = new LogFollowOptions { TailLines = Math.Clamp(Tail ?? 1_000, 0, MaxTail) };
            var caller = await Caller.GetAsync();
            // One after the other: each waits for its history, and a refusal stops before more streams start.
            foreach (var id in ids)
            {
                opened.Add(await LogStreams.OpenAsync(caller, id, follow));
            }

            if (attempt != _attempt)
            {
                // Other sources were chosen while these opened.
                await DisposeAllAsync(opened);
                return;
            }

            _subscriptions = opened;
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            await DisposeAllAsync(opened);
            _denied = attempt == _attempt;
        }
        catch (Exception exception)
        {
            await DisposeAllAsync(opened);
            Logger.LogFailure(exception, "Logs page could not open {Sources}", string.Join(", ", ids));
            if (attempt == _attempt)
            {
                _openError = exception.Message;
            }
        }
        finally
        {
            if (attempt == _attempt)
            {
                _opening = false;
            }
        }

        await LoadFilesAsync(ids, attempt);
    }

    /// <summary>
    /// The log files of the first service container shown, offered to follow (a service writes most of its log there);
    /// for a Tars log read through the framework, the other files tarsnode lists beside it.
    /// </summary>
    private async Task LoadFilesAsync(List<LogSourceId> ids, int attempt)
    {
        var container = ids.FirstOrDefault(id => id.Kind is LogSourceKind.Container or LogSourceKind.File
            && LogSourceId.TryParseServiceName(id.Container, out _, out _));
        if (container is null && ids.FirstOrDefault(id => id.Kind == LogSourceKind.TarsLog) is { } tarsLog)
        {
            await LoadTarsLogFilesAsync(tarsLog, attempt);
            return;
        }

        if (container is null || !LogSourceId.TryParseServiceName(container.Container, out var application, out var server))
        {
            return;
        }

        try
        {
            var files = await LogStreams.ListLogFilesOfServiceAsync(await Caller.GetAsync(), container.Node, application, server);
            if (attempt == _attempt)
            {
                _files = files;
                _filesOf = container.Container;
            }
        }
        catch (Exception exception)
        {
            // A stopped container or an image without find: the container log still shows; no picker.
            Logger.LogDebug("Logs page could not list the log files of {Container}: {Reason}", container, exception.Message);
        }
    }

    private async Task LoadTarsLogFilesAsync(LogSourceId tarsLog, int attempt)
    {
        try
        {
            var files = await LogStreams.ListTarsLogFilesAsync(await Caller.GetAsync(), tarsLog.Node, tarsLog.Application, tarsLog.Server);
            if (attempt == _attempt)
            {
                _files = files;
                _filesOf = $"{tarsLog.Application}.{tarsLog.Server}@{tarsLog.Node}";
            }
        }
        catch (Exception exception)
        {
            // The framework is away or says no: the followed file still shows (with its own state); no picker.
            Logger.LogDebug("Logs page could not list the Tars log files beside {Source}: {Reason}", tarsLog, exception.Message);
        }
    }

    private static async Task DisposeAllAsync(IEnumerable<LogSubscription> subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }
    }

    private async Task RetryAsync()
    {
        _openedFor = null;
        await OpenCurrentAsync();
    }

    private void OpenTyped()
    {
        var text = _sourceText?.Trim();
        Navigation.NavigateTo(string.IsNullOrEmpty(text) ? "/logs" : LinkFor(text));
    }

    /// <summary>Adds the typed source to the ones shown, merging them.</summary>
    private void AddTyped()
    {
        var text = _sourceText?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            AddSource(text);
        }
    }

    private void AddSource(string id) =>
        Navigation.NavigateTo(LinkFor(_sourceIds.Append(id).Distinct(StringComparer.Ordinal), keepSearch: true));

    private void RemoveSource(string id) =>
        Navigation.NavigateTo(LinkFor(_sourceIds.Where(s => s != id), keepSearch: true));

    private void OnSourceKeyUp(KeyboardEventArgs args)
    {
        if (args.Key == "Enter")
        {
            OpenTyped();
        }
    }

    private async Task CloseAsync()
    {
        var subscriptions = _subscriptions;
        _subscriptions = [];
        await DisposeAllAsync(subscriptions);
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    private sealed record SourceChoice(string Id, string Label);
}
