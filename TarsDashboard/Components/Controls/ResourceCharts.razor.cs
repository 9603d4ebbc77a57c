using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Charts;
using TarsDashboard.Core.Monitoring;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// Live and historical resource charts of one service instance (<see cref="ResourceMonitor"/>). Live samples arrive
/// about once a second on the stream's thread; they are queued and looked at every <see cref="RenderInterval"/>, and a
/// render happens only when one arrived: still about one render a second, but a sample waits at most a quarter second.
/// </summary>
public sealed partial class ResourceCharts : IAsyncDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(250);

    // Points a history chart draws at most; the model keeps the live ring's 600 and some.
    private const int HistoryPoints = 720;

    private readonly ResourceChartModel _model = new();
    private readonly ConcurrentQueue<ResourceSample> _arrived = new();
    private TimeSeriesChartOptions _options = OptionsFor(ResourceRange.Live);

    private ResourceRange _range = ResourceRange.Live;
    private ResourceFollower? _follower;
    private CancellationTokenSource? _ticking;
    private Failure? _failure;
    private string? _problem;
    private bool _denied;
    private bool _loading = true;
    private IReadOnlyList<TarsDashboard.Core.Audit.ChangeMarker> _markers = [];

    [Parameter, EditorRequired]
    public string Node { get; set; } = "";

    [Parameter, EditorRequired]
    public string Application { get; set; } = "";

    [Parameter, EditorRequired]
    public string Server { get; set; } = "";

    /// <summary>The range shown first; the user changes it with the range picker.</summary>
    [Parameter]
    public ResourceRange InitialRange { get; set; } = ResourceRange.Live;

    [Inject]
    private ResourceMonitor Monitor { get; set; } = default!;

    [Inject]
    private TarsDashboard.Core.Audit.ServiceChangeMarkers ChangeMarkers { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ILogger<ResourceCharts> Logger { get; set; } = default!;

    private string State => _denied ? "denied" : _failure is not null ? "failed" : _loading ? "loading"
        : _model.Samples.Count == 0 ? (_problem is not null ? "unreachable" : "empty") : "ready";

    private string _shown = "";

    protected override async Task OnParametersSetAsync()
    {
        var instance = $"{Node}|{Application}|{Server}";
        if (instance != _shown)
        {
            _shown = instance;
            _range = InitialRange;
            await LoadAsync();
        }
    }

    private async Task ChangeRangeAsync(ResourceRange range)
    {
        _range = range;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        StopFollowing();
        _failure = null;
        _problem = null;
        _denied = false;
        _loading = true;
        _model.Reset([]);
        _options = OptionsFor(_range);
        try
        {
            var caller = await Caller.GetAsync();
            // The changes in the range shown (the last hour for live), beside the charts.
            _markers = await ChangeMarkers.ListAsync(caller, Application, Server, TarsDashboard.Core.Logs.LogTimeRange.Last(_range switch
            {
                ResourceRange.LastDay => TimeSpan.FromDays(1),
                ResourceRange.Last30Days => TimeSpan.FromDays(30),
                _ => TimeSpan.FromHours(1),
            }, Clock.GetUtcNow()));
            if (_range == ResourceRange.Live)
            {
                var follower = await Monitor.FollowAsync(caller, Node, Application, Server);
                follower.Sampled += _arrived.Enqueue;
                follower.Ended += OnRevoked;
                _follower = follower;
                _model.Reset(follower.Recent());
                _ticking = new CancellationTokenSource();
                _ = TickAsync(_ticking.Token);
            }
            else
            {
                _model.Reset(ResourceChartModel.Thin(await Monitor.HistoryAsync(caller, Node, Application, Server, _range), HistoryPoints));
            }
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Resource charts of {Service} on {Node} could not load", $"{Application}.{Server}", Node);
            _failure = ErrorPolicy.Classify(exception);
        }

        _loading = false;
    }

    // One render per interval at most, and none when nothing arrived and nothing changed.
    private async Task TickAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(RenderInterval, Clock, stop);
                var follower = _follower;
                if (follower is null)
                {
                    return;
                }

                var batch = new List<ResourceSample>();
                while (_arrived.TryDequeue(out var sample))
                {
                    batch.Add(sample);
                }

                var problem = follower.Problem;
                if (batch.Count == 0 && problem == _problem)
                {
                    continue;
                }

                await InvokeAsync(() =>
                {
                    _problem = problem;
                    _model.Add(batch);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed.
        }
    }

    // The caller's grant was taken away while the chart was open: it stops and says so.
    private void OnRevoked() => _ = InvokeAsync(() =>
    {
        StopFollowing();
        _denied = true;
        StateHasChanged();
    });

    private void StopFollowing()
    {
        _ticking?.Cancel();
        _ticking?.Dispose();
        _ticking = null;
        if (_follower is { } follower)
        {
            follower.Sampled -= _arrived.Enqueue;
            follower.Ended -= OnRevoked;
            follower.Dispose();
            _follower = null;
        }

        _arrived.Clear();
    }

    private IEnumerable<ChartView> Charts()
    {
        yield return new ChartView("cpu", L["Metrics.Cpu"], [(L["Metrics.CpuSeries"], _model.Cpu())]);
        yield return new ChartView("memory", L["Metrics.Memory"], [(L["Metrics.MemorySeries"], _model.MemoryMiB())]);
        yield return new ChartView("network", L["Metrics.Network"],
            [(L["Metrics.Received"], _model.RateKiB(s => s.NetworkRx)), (L["Metrics.Sent"], _model.RateKiB(s => s.NetworkTx))]);
        yield return new ChartView("blockio", L["Metrics.BlockIo"],
            [(L["Metrics.Read"], _model.RateKiB(s => s.BlockRead)), (L["Metrics.Written"], _model.RateKiB(s => s.BlockWrite))]);
        yield return new ChartView("restarts", L["Metrics.Restarts"], [(L["Metrics.RestartsSeries"], _model.Restarts())]);
    }

    // Time labels spaced for the range: a 30-day chart labelled every minute would be all labels.
    private static TimeSeriesChartOptions OptionsFor(ResourceRange range)
    {
        var (spacing, format) = range switch
        {
            ResourceRange.LastHour => (TimeSpan.FromMinutes(10), "HH:mm"),
            ResourceRange.LastDay => (TimeSpan.FromHours(3), "HH:mm"),
            ResourceRange.Last30Days => (TimeSpan.FromDays(5), "MM-dd"),
            _ => (TimeSpan.FromMinutes(1), "HH:mm:ss"),
        };
        return new TimeSeriesChartOptions
        {
            ShowDataMarkers = false,
            LineStrokeWidth = 2,
            TimeLabelSpacing = spacing,
            TimeLabelFormat = format,
            TooltipTimeLabelFormat = "yyyy-MM-dd HH:mm:ss",
            YAxisRequireZeroPoint = true,
            MaxNumYAxisTicks = 5,
        };
    }

    private static string Invariant(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync()
    {
        StopFollowing();
        return ValueTask.CompletedTask;
    }

    /// <summary>One chart: its id (the <c>data-series</c> tests read), title and named series.</summary>
    private sealed record ChartView(string Id, string Title, IReadOnlyList<(string Name, IReadOnlyList<(DateTime At, double Value)> Points)> Series)
    {
        public List<ChartSeries<double>> ToMud() =>
        [
            .. Series.Select(s => new ChartSeries<double>
            {
                Name = s.Name,
                Data = s.Points.Select(p => new TimeValue<double>(p.At, p.Value)).ToArray(),
            }),
        ];
    }
}
