using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Monitoring;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// Per node CPU and memory and the worst services (<see cref="ResourceMonitor.NodeSummariesAsync"/>), refreshed every
/// few seconds while the Overview is open.
/// </summary>
public sealed partial class FleetResources : IDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _closing = new();
    private IReadOnlyList<NodeResourceSummary>? _summaries;
    private Failure? _failure;

    [Inject]
    private ResourceMonitor Monitor { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ILogger<FleetResources> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _ = RefreshAsync(_closing.Token);
    }

    private async Task LoadAsync()
    {
        try
        {
            _summaries = await Monitor.NodeSummariesAsync(await Caller.GetAsync(), _closing.Token);
            _failure = null;
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Node resource summaries could not load");
            _failure = ErrorPolicy.Classify(exception);
        }
    }

    private async Task RefreshAsync(CancellationToken closing)
    {
        try
        {
            while (!closing.IsCancellationRequested)
            {
                await Task.Delay(RefreshInterval, Clock, closing);
                if (_failure is null)
                {
                    await InvokeAsync(async () =>
                    {
                        await LoadAsync();
                        StateHasChanged();
                    });
                }
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

    private static Color Level(double percent) => percent >= 90 ? Color.Error : percent >= 70 ? Color.Warning : Color.Success;

    private static string Gib(long bytes) => (bytes / 1024.0 / 1024 / 1024).ToString("0.0", CultureInfo.CurrentCulture);

    private static string Invariant(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
    }
}
