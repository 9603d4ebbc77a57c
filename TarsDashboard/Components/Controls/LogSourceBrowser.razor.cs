using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The Logs page's source browser: nodes → containers (with state) → a service's log files (loaded on expand, from
/// where they live: <see cref="LogStreamManager.ListLogFilesOfServiceAsync"/>), a tarsnode-managed node's services
/// without a container and tarsnode's own folder, and the journals, filtered by a fuzzy search
/// (<see cref="LogSourceSearch"/>). A click opens one source; the checkboxes and "Open selected" merge several. Only
/// what the caller may open is listed (<see cref="LogSourceCatalog"/>). Engine events keep the containers' states
/// current without a reload.
/// </summary>
public sealed partial class LogSourceBrowser : IDisposable
{
    // Folds a burst of engine events (a restart is kill, die, start) into one re-list.
    private readonly LiveRefresh _live = new(TimeSpan.FromMilliseconds(300));
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<LogFileInfo>> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Failure> _fileFailures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loadingFiles = new(StringComparer.Ordinal);
    private LogCatalog? _catalog;
    private Failure? _loadFailure;
    private string _query = "";

    [Inject]
    private LogSourceCatalog Catalog { get; set; } = default!;

    [Inject]
    private LogStreamManager LogStreams { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<LogSourceBrowser> Logger { get; set; } = default!;

    /// <summary>The sources open now, marked in the list.</summary>
    [Parameter]
    public IReadOnlyCollection<string> Current { get; set; } = [];

    private bool IsCurrent(string id) => Current.Contains(id);

    private string OpenClass(string id) => IsCurrent(id) ? "browser-open current" : "browser-open";

    // aria-current="true" on the sources shown now; no attribute on the others.
    private string? CurrentMark(string id) => IsCurrent(id) ? "true" : null;

    /// <summary>Builds the page address for a set of source ids.</summary>
    [Parameter, EditorRequired]
    public Func<IEnumerable<string>, string> LinkFor { get; set; } = default!;

    /// <summary>At most this many sources can be merged.</summary>
    [Parameter]
    public int MaxSources { get; set; } = 8;

    protected override Task OnInitializedAsync()
    {
        _live.Start(Bus, e => e is ContainerChanged or NodesChanged, () => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
        return LoadAsync();
    }

    public void Dispose() => _live.Dispose();

    private async Task LoadAsync()
    {
        try
        {
            _catalog = await Catalog.ListAsync(await Caller.GetAsync());
            _loadFailure = null;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "The log source browser could not list sources");
            _loadFailure = ErrorPolicy.Classify(exception);
        }
    }

    private string Query
    {
        get => _query;
        set => _query = value ?? "";
    }

    private IReadOnlyList<LogCatalogContainer> ContainersOf(LogCatalogNode node) =>
        LogSourceSearch.Filter(_query, node.Containers, c => $"{c.Name} {c.Node} {c.Image}");

    private IReadOnlyList<LogCatalogService> ServicesOf(LogCatalogNode node) =>
        LogSourceSearch.Filter(_query, node.Services, s => $"{s.Name} {s.Node}");

    private bool TarsnodeMatches(LogCatalogNode node) => LogSourceSearch.Score(_query, $"tarsnode {node.Node}") is not null;

    private bool NodeShown(LogCatalogNode node) =>
        LogSourceSearch.Score(_query, node.Node) is not null || ContainersOf(node).Count > 0 || ServicesOf(node).Count > 0
        || (node.TarsnodeManaged && TarsnodeMatches(node))
        || (node.Journal is not null && JournalMatches(node.Journal));

    private static string ServiceKey(LogCatalogService service) => $"service:{service.Node}:{service.Name}";

    private static string TarsnodeKey(LogCatalogNode node) => $"tarsnode:{node.Node}";

    private bool JournalMatches(LogCatalogEntry journal) => LogSourceSearch.Score(_query, $"{journal.Label} {journal.SourceId}") is not null;

    private IReadOnlyList<LogCatalogEntry> ServiceJournals =>
        _catalog is null ? [] : LogSourceSearch.Filter(_query, _catalog.ServiceJournals, j => $"{j.Label} {j.SourceId}");

    private bool NothingFound => _catalog is not null && !_catalog.Nodes.Any(NodeShown) && ServiceJournals.Count == 0;

    private void Open(string id) => Navigation.NavigateTo(LinkFor([id]));

    private void OpenSelected() => Navigation.NavigateTo(LinkFor(_selected.Take(MaxSources).ToList()));

    private bool IsSelected(string id) => _selected.Contains(id);

    private void Toggle(string id, bool selected)
    {
        if (selected && _selected.Count < MaxSources)
        {
            _selected.Add(id);
        }
        else
        {
            _selected.Remove(id);
        }
    }

    private bool IsExpanded(string key) => _files.ContainsKey(key) || _fileFailures.ContainsKey(key);

    private async Task<IReadOnlyList<LogFileInfo>> ListServiceFilesAsync(string node, string service)
    {
        LogSourceId.TryParseServiceName(service, out var application, out var server);
        return await LogStreams.ListLogFilesOfServiceAsync(await Caller.GetAsync(), node, application!, server!);
    }

    // tarsnode's own folder, as tarsnode lists it through the framework (only the files the caller may open).
    private async Task<IReadOnlyList<LogFileInfo>> ListTarsnodeFilesAsync(LogCatalogNode node) =>
        await LogStreams.ListTarsLogFilesAsync(await Caller.GetAsync(), node.Node, LogSourceAccess.TarsnodeApplication, LogSourceAccess.TarsnodeServer);

    private async Task ToggleFilesAsync(string key, Func<Task<IReadOnlyList<LogFileInfo>>> list)
    {
        if (_files.Remove(key) | _fileFailures.Remove(key))
        {
            return;
        }

        await LoadFilesAsync(key, list);
    }

    // One entry's files; a framework or engine that does not answer fails this entry only, with its own Retry.
    private async Task LoadFilesAsync(string key, Func<Task<IReadOnlyList<LogFileInfo>>> list)
    {
        _fileFailures.Remove(key);
        _loadingFiles.Add(key);
        try
        {
            _files[key] = await list();
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "The log source browser could not list the log files of {Entry}", key);
            _fileFailures[key] = ErrorPolicy.Classify(exception);
        }
        finally
        {
            _loadingFiles.Remove(key);
        }
    }
}
