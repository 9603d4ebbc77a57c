using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Services;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// The service tree: application, server, and each instance per node, with search and filters. Everything the
/// caller may see is loaded once (one query) and filtered in memory on each change; the rows are virtualized, so
/// 10,000 instances render as quickly as 20.
/// </summary>
public sealed partial class Services : IDisposable
{
    private const string Any = "*";
    private const string NativeMode = "native";
    private const float RowHeight = 40;

    private readonly LiveRefresh _live = new(TimeSpan.FromMilliseconds(300));
    private readonly PageLoadState _load = new();
    private readonly HashSet<string> _collapsed = new(StringComparer.Ordinal);
    private IReadOnlyList<ServiceInstanceSummary>? _instances;
    private ServiceTree _tree = ServiceTree.Empty;
    private List<TreeRow> _rows = [];
    private IReadOnlyList<string> _nodes = [];
    private string? _search;
    private string _state = Any;
    private string _node = Any;
    private string _runMode = Any;
    private bool _interactive;

    private enum TreeRowKind
    {
        Application,
        Server,
        Instance,
    }

    [Inject]
    private ServiceTreeQuery TreeQuery { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<Services> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _live.Start(Bus, liveEvent => liveEvent is ServiceChanged, () => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private Task LoadAsync() => _load.LoadAsync(async () =>
        {
            _instances = await TreeQuery.LoadAsync(await Caller.GetAsync());
            _nodes = [.. _instances.Select(i => i.NodeName).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
            Rebuild();
        },
        exception => Logger.LogFailure(exception, "Services page could not load the service tree"));

    private void OnSearchChanged(string? value)
    {
        _search = value;
        Rebuild();
    }

    private void OnStateChanged(string value)
    {
        _state = value;
        Rebuild();
    }

    private void OnNodeChanged(string value)
    {
        _node = value;
        Rebuild();
    }

    private void OnRunModeChanged(string value)
    {
        _runMode = value;
        Rebuild();
    }

    private void Toggle(string key)
    {
        if (!_collapsed.Remove(key))
        {
            _collapsed.Add(key);
        }

        Flatten();
    }

    private void ExpandAll()
    {
        _collapsed.Clear();
        Flatten();
    }

    private void CollapseAll()
    {
        foreach (var application in _tree.Applications)
        {
            _collapsed.Add(AppKey(application.Name));
        }

        Flatten();
    }

    private void Rebuild()
    {
        if (_instances is null)
        {
            return;
        }

        var filter = new ServiceTreeFilter(
            _search,
            _state == Any ? null : _state,
            _node == Any ? null : _node,
            _runMode switch
            {
                Any => null,
                NativeMode => RunTypes.Native,
                _ => RunTypes.Container,
            });
        _tree = ServiceTree.Build(_instances, filter);
        Flatten();
    }

    /// <summary>The visible rows of the tree in order, for the virtualized list.</summary>
    private void Flatten()
    {
        var rows = new List<TreeRow>(_tree.MatchedInstances + 256);
        foreach (var application in _tree.Applications)
        {
            var appKey = AppKey(application.Name);
            var appOpen = !_collapsed.Contains(appKey);
            rows.Add(new TreeRow(TreeRowKind.Application, appKey, application.Name, null, null, appOpen, application.InstanceCount, application.Servers.Count));
            if (!appOpen)
            {
                continue;
            }

            foreach (var server in application.Servers)
            {
                var serverKey = $"s:{server.ServiceId}";
                var serverOpen = !_collapsed.Contains(serverKey);
                rows.Add(new TreeRow(TreeRowKind.Server, serverKey, application.Name, server.Name, null, serverOpen, server.Instances.Count, 0));
                if (serverOpen)
                {
                    rows.AddRange(server.Instances.Select(i =>
                        new TreeRow(TreeRowKind.Instance, $"i:{i.Id}", application.Name, server.Name, i, false, 0, 0)));
                }
            }
        }

        _rows = rows;
    }

    private static string AppKey(string application) => $"a:{application}";

    public void Dispose() => _live.Dispose();

    /// <summary>One line of the flattened tree: an application, a server, or an instance.</summary>
    private sealed record TreeRow(
        TreeRowKind Kind,
        string Key,
        string Application,
        string? Server,
        ServiceInstanceSummary? Instance,
        bool Expanded,
        int Count,
        int Servers);
}
