using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Logs;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The Logs page's source browser: nodes → containers (with state) → a service's log files (loaded on expand), and the
/// journals, filtered by a fuzzy search (<see cref="LogSourceSearch"/>). A click opens one source; the checkboxes and
/// "Open selected" merge several. Only what the caller may open is listed (<see cref="LogSourceCatalog"/>).
/// </summary>
public sealed partial class LogSourceBrowser
{
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
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<LogSourceBrowser> Logger { get; set; } = default!;

    /// <summary>The sources open now, marked in the list.</summary>
    [Parameter]
    public IReadOnlyCollection<string> Current { get; set; } = [];

    /// <summary>Builds the page address for a set of source ids.</summary>
    [Parameter, EditorRequired]
    public Func<IEnumerable<string>, string> LinkFor { get; set; } = default!;

    /// <summary>At most this many sources can be merged.</summary>
    [Parameter]
    public int MaxSources { get; set; } = 8;

    protected override Task OnInitializedAsync() => LoadAsync();

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

    private bool NodeShown(LogCatalogNode node) =>
        LogSourceSearch.Score(_query, node.Node) is not null || ContainersOf(node).Count > 0
        || (node.Journal is not null && JournalMatches(node.Journal));

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

    private async Task ToggleFilesAsync(LogCatalogContainer container)
    {
        var key = container.SourceId.ToString();
        if (_files.Remove(key) || _fileFailures.Remove(key))
        {
            return;
        }

        if (!LogSourceId.TryParseServiceName(container.Name, out var application, out var server))
        {
            return;
        }

        _loadingFiles.Add(key);
        try
        {
            _files[key] = await LogStreams.ListServiceLogFilesAsync(await Caller.GetAsync(), container.Node, application, server);
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Listing the log files of {Container} on {Node} failed", container.Name, container.Node);
            _fileFailures[key] = ErrorPolicy.Classify(exception);
        }
        finally
        {
            _loadingFiles.Remove(key);
        }
    }
}
