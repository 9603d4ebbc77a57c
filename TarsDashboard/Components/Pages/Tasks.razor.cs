using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Services;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// Recent tasks from t_task (the dashboard's and other tools'), with their items, status and logs; items of running
/// tasks update live from <see cref="TaskProgress"/> events, and a new task reloads the list.
/// </summary>
public sealed partial class Tasks : IDisposable
{
    private readonly Dictionary<string, TaskProgress> _live = new(StringComparer.Ordinal);
    private readonly RefreshCoalescer _refresh = new(TimeSpan.FromMilliseconds(100));
    private IReadOnlyList<TaskSummary> _tasks = [];
    private bool _interactive;
    private readonly PageLoadState _load = new();
    private bool _loaded;
    private IDisposable? _subscription;

    [Inject]
    private TaskHistory History { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<Tasks> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _subscription = Bus.Subscribe(OnLiveEventAsync);
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

    private async Task LoadAsync()
    {
        await _load.LoadAsync(async () =>
        {
            _tasks = await History.ListRecentAsync(await Caller.GetAsync());
            _live.Clear();
        }, exception => Logger.LogFailure(exception, "Tasks could not be loaded"));
        _loaded = true;
    }

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is not TaskProgress progress)
        {
            return Task.CompletedTask;
        }

        var known = _tasks.Any(t => t.Task.TaskNo == progress.TaskNo);
        lock (_live)
        {
            _live[progress.ItemNo] = progress;
        }

        _refresh.Request(() => InvokeAsync(async () =>
        {
            if (!known)
            {
                await LoadAsync();
            }

            StateHasChanged();
        }));
        return Task.CompletedTask;
    }

    private int StatusOf(TaskItemRow item)
    {
        lock (_live)
        {
            return _live.TryGetValue(item.ItemNo, out var progress) ? (int)progress.Status : item.Status ?? 0;
        }
    }

    private string LogOf(TaskItemRow item)
    {
        lock (_live)
        {
            return _live.TryGetValue(item.ItemNo, out var progress) ? progress.Log : item.Log ?? "";
        }
    }

    private static string LastLine(string log) => log.TrimEnd('\n').Split('\n').LastOrDefault() ?? "";

    public void Dispose() => _subscription?.Dispose();
}
