using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Components.Controls;

/// <summary>Says in the app bar whether the database answers, and lets the user check again.</summary>
public sealed partial class DatabaseStateChip : IDisposable
{
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _disposed = new();
    private bool? _lastPingOk;
    private string? _error;
    private string? _description;
    private bool _checking;

    [Inject]
    private DatabaseStatus Status { get; set; } = default!;

    [Inject]
    private TarsDatabase Database { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private bool Available => Status.IsReady && _lastPingOk != false;

    protected override void OnInitialized()
    {
        _description = Database.Describe();
        _error = Status.LastError;
        Status.Changed += OnStatusChanged;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        // Ping after the first render so that a slow database never delays the page itself.
        await PingAsync();
        _ = KeepPingingAsync();
    }

    private async Task KeepPingingAsync()
    {
        using var timer = new PeriodicTimer(PingInterval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                await InvokeAsync(PingAsync);
            }
        }
        catch (OperationCanceledException)
        {
            // The component went away.
        }
    }

    private Task RetryAsync() => PingAsync();

    private async Task PingAsync()
    {
        _checking = true;
        StateHasChanged();
        try
        {
            var (ok, error) = await Status.PingAsync(_disposed.Token);
            _lastPingOk = ok;
            _error = ok ? Status.LastError : error;
        }
        catch (OperationCanceledException)
        {
            // The page or circuit went away; nothing failed.
            return;
        }
        finally
        {
            _checking = false;
        }

        StateHasChanged();
    }

    private void OnStatusChanged() => _ = InvokeAsync(() =>
    {
        _error = Status.LastError;
        StateHasChanged();
    });

    public void Dispose()
    {
        Status.Changed -= OnStatusChanged;
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
