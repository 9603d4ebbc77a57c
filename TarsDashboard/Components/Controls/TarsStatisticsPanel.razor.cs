using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Statistics;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The Statistics tab of a service: calls, timeouts, failures and average time per interface from tarsstat, charted per
/// reporting slot and totalled per interface, the latest value of each property from tarsproperty, and the service's
/// publishes, restarts and config edits in the range (from the audit log) beside them. Shown only
/// where those databases are configured; a database that does not answer is a state with Retry.
/// </summary>
public sealed partial class TarsStatisticsPanel
{
    private static readonly int[] RangeHours = [1, 6, 24, 24 * 7];

    private readonly TimeSeriesChartOptions _chartOptions = new() { TimeLabelFormat = "HH:mm", TimeLabelSpacing = TimeSpan.FromMinutes(30) };
    private int _hours = 1;
    private bool _loading;
    private Failure? _failure;
    private IReadOnlyList<CallStatPoint>? _calls;
    private IReadOnlyList<PropertyPoint>? _properties;
    private List<ChartSeries<double>> _callSeries = [];
    private List<InterfaceTotal> _interfaces = [];
    private List<PropertyPoint> _latestProperties = [];
    private IReadOnlyList<ChangeMarker> _markers = [];

    [Parameter, EditorRequired]
    public string Application { get; set; } = "";

    [Parameter, EditorRequired]
    public string Server { get; set; } = "";

    [Inject]
    private TarsStatisticsService Statistics { get; set; } = default!;

    [Inject]
    private ServiceChangeMarkers Markers { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ILogger<TarsStatisticsPanel> Logger { get; set; } = default!;

    private string State => _loading ? "loading" : _failure is not null ? "failed" : _calls is null && _properties is null ? "idle" : "loaded";

    protected override Task OnParametersSetAsync() => LoadAsync();

    private Task OnRangeChanged(int hours)
    {
        _hours = hours;
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        _failure = null;
        try
        {
            var caller = await Caller.GetAsync();
            var range = LogTimeRange.Last(TimeSpan.FromHours(_hours), Clock.GetUtcNow());
            _calls = Statistics.HasCallStatistics ? await Statistics.CallsAsync(caller, Application, Server, range) : null;
            _properties = Statistics.HasProperties ? await Statistics.PropertiesAsync(caller, Application, Server, range) : null;
            // What changed in the range (publish, restart, config), so a jump in the numbers can be put beside its cause.
            _markers = await Markers.ListAsync(caller, Application, Server, range);
            Summarize();
        }
        catch (Exception exception)
        {
            _failure = ErrorPolicy.Classify(exception);
            Logger.LogFailure(exception, "Statistics of {Application}.{Server} could not load", Application, Server);
        }
        finally
        {
            _loading = false;
        }
    }

    private void Summarize()
    {
        var slots = (_calls ?? []).GroupBy(p => p.Time).OrderBy(g => g.Key).ToList();
        _callSeries =
        [
            Series(L["Stats.Total"], slots.Select(g => (g.Key.UtcDateTime, (double)g.Sum(p => p.Total)))),
            Series(L["Stats.Failures"], slots.Select(g => (g.Key.UtcDateTime, (double)g.Sum(p => p.TimedOut + p.Failed)))),
        ];
        _interfaces = [.. (_calls ?? []).GroupBy(p => p.Interface, StringComparer.Ordinal)
            .Select(g =>
            {
                var (succeeded, timedOut, failed) = (g.Sum(p => p.Succeeded), g.Sum(p => p.TimedOut), g.Sum(p => p.Failed));
                var total = succeeded + timedOut + failed;
                var time = g.Sum(p => p.AverageMs * p.Succeeded);
                return new InterfaceTotal(g.Key, total, timedOut, failed, total == 0 ? 0 : (double)(timedOut + failed) / total,
                    succeeded == 0 ? 0 : time / succeeded);
            })
            .OrderByDescending(r => r.Total)];
        _latestProperties = [.. (_properties ?? []).GroupBy(p => (p.Property, p.Policy)).Select(g => g.MaxBy(p => p.Time)!)
            .OrderBy(p => p.Property, StringComparer.Ordinal).ThenBy(p => p.Policy, StringComparer.Ordinal)];
    }

    private static ChartSeries<double> Series(string name, IEnumerable<(DateTime Time, double Value)> points) =>
        new() { Name = name, Data = new ChartData<double>([.. points]) };

    private sealed record InterfaceTotal(string Interface, long Total, long TimedOut, long Failed, double FailureRate, double AverageMs);
}
