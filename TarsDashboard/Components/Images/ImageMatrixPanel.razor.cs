using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Images;

/// <summary>
/// The sync matrix: which node holds which image, with every pull's progress live in every open browser. A sync runs in
/// the background; this panel only starts it and lets the progress events fill in the cells.
/// </summary>
public sealed partial class ImageMatrixPanel : IDisposable
{
    private readonly LiveImageMatrix _live = new();

    // A reload asks every engine for its image list; a burst of changes (a sync to many nodes ending) needs one.
    private readonly RefreshCoalescer _reload = new(TimeSpan.FromMilliseconds(250));

    // Core sends byte counts at most every 100 ms per pull; with many pulls, render at most that often too.
    private readonly RefreshCoalescer _render = new(TimeSpan.FromMilliseconds(100));
    private readonly HashSet<(int ImageId, string Node)> _removing = [];
    private readonly Dictionary<string, NodeReachability> _reachability = new(StringComparer.Ordinal);
    private Failure? _loadFailure;
    private bool _loading;
    private int _loadNumber;
    private bool _syncingStale;
    private string? _alert;
    private IDisposable? _subscription;

    /// <summary>The caller may sync and remove images (admin); otherwise the matrix is read-only.</summary>
    [Parameter]
    public bool MayManage { get; set; }

    [Inject]
    private ImageMatrixService Matrix { get; set; } = default!;

    [Inject]
    private ImageSyncService Sync { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<ImageMatrixPanel> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        // Subscribed before the first load, so no progress falls between the load and the subscription.
        _subscription = Bus.Subscribe(OnLiveEventAsync);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var requestedAt = Clock.GetUtcNow();
        var number = ++_loadNumber;
        _loading = true;
        try
        {
            var matrix = await Matrix.GetAsync(await Caller.GetAsync());
            // Loads can overlap (a live reload and a click on Refresh); an older one must not replace a newer one.
            if (number == _loadNumber)
            {
                _live.Load(matrix, requestedAt);
            }

            _loadFailure = null;
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Image matrix could not be loaded");
            _loadFailure = ErrorPolicy.Classify(exception);
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task RefreshAsync()
    {
        _alert = null;
        await LoadAsync();
    }

    private async Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        try
        {
            switch (liveEvent)
            {
                case ImagePullProgress progress:
                    await InvokeAsync(() =>
                    {
                        if (_live.Apply(progress.State))
                        {
                            _render.Request(() => InvokeAsync(StateHasChanged));
                        }
                        else
                        {
                            // A pull of an image (or on a node) this matrix does not show yet.
                            RequestReload();
                        }
                    });
                    break;
                case ImageMatrixChanged or ImagesChanged or RegistriesChanged or NodesChanged:
                    RequestReload();
                    break;
                case NodeHealthChanged health:
                    // Only reachability changes a cell; the image counts in health checks move with every pull.
                    await InvokeAsync(() =>
                    {
                        var known = _reachability.TryGetValue(health.Health.NodeName, out var before);
                        _reachability[health.Health.NodeName] = health.Health.State;
                        if (known && before != health.Health.State)
                        {
                            RequestReload();
                        }
                    });
                    break;
            }
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed between the event and the render.
        }
    }

    private void RequestReload() => _reload.Request(() => InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    }));

    /// <summary>Starts a pull of <paramref name="image"/> on <paramref name="nodes"/> (all when null) and returns at once.</summary>
    private async Task SyncAsync(ImageSummary image, IReadOnlyList<string>? nodes)
    {
        _alert = null;
        var caller = await Caller.GetAsync();
        var targets = nodes ?? _live.Nodes;
        _live.MarkPulling(image.Id, targets, Clock.GetUtcNow());
        _ = SyncInBackgroundAsync(caller, image, nodes, targets);
    }

    private async Task SyncInBackgroundAsync(Caller caller, ImageSummary image, IReadOnlyList<string>? nodes, IReadOnlyList<string> targets)
    {
        // Not tied to this panel: the pull goes on if the user leaves the page, and the other open pages follow it.
        string reason;
        try
        {
            var result = await Sync.SyncAsync(caller, image.Id, nodes);
            await ShowAsync(() => ReportResult(result));
            return;
        }
        catch (ValidationFailedException refused)
        {
            // A refusal for the user to fix, shown by the field; not a failure to log.
            reason = string.Join(" ", refused.Errors.Select(e => L.Localize(e)));
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            reason = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Sync of {Image} failed", image.Image);
            reason = L.Describe(exception);
        }

        await ShowAsync(() =>
        {
            // Core refused before any pull began, so no progress will say so: the cells say it here.
            _live.MarkFailed(image.Id, targets, reason, Clock.GetUtcNow());
            Snackbar.Add(L["Matrix.SyncRefused", image.Image, reason], Severity.Error);
        });
    }

    private void ReportResult(ImageSyncResult result)
    {
        if (result.AllSucceeded)
        {
            Snackbar.Add(L["Matrix.Synced", result.Image, result.Nodes.Count], Severity.Success);
            return;
        }

        foreach (var failed in result.Nodes.Where(n => !n.Succeeded))
        {
            Snackbar.Add(L["Matrix.SyncFailedOn", result.Image, failed.NodeName, failed.Error ?? ""], Severity.Error);
        }
    }

    private async Task SyncAllStaleAsync()
    {
        _alert = null;
        _syncingStale = true;
        var caller = await Caller.GetAsync();
        var at = Clock.GetUtcNow();
        foreach (var image in _live.Images)
        {
            _live.MarkPulling(image.Id, _live.Nodes.Where(n => _live.Cell(image.Id, n).State == ImageCellState.Stale), at);
        }

        _ = SyncAllStaleInBackgroundAsync(caller);
    }

    private async Task SyncAllStaleInBackgroundAsync(Caller caller)
    {
        try
        {
            var results = await Matrix.SyncAllStaleAsync(caller);
            await ShowAsync(() =>
            {
                if (results.Count == 0)
                {
                    Snackbar.Add(L["Matrix.NothingStale"], Severity.Info);
                }

                foreach (var result in results)
                {
                    ReportResult(result);
                }
            });
        }
        catch (Exception exception)
        {
            var message = exception switch
            {
                ValidationFailedException refused => string.Join(" ", refused.Errors.Select(e => L.Localize(e))),
                AccessDeniedException => L["Access.Denied"],
                _ => L.Describe(exception),
            };
            Logger.LogFailure(exception, "Sync of all stale images failed");
            await ShowAsync(() => Snackbar.Add(message, Severity.Error));
        }
        finally
        {
            // The cells marked pulling correct themselves from the progress events and the reload after each sync.
            await ShowAsync(() => _syncingStale = false);
        }
    }

    private async Task RemoveAsync(ImageSummary image, string node)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Matrix.RemoveTitle"],
            L["Matrix.RemoveConfirm", image.Image, node],
            yesText: L["Common.Remove"],
            cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _alert = null;
        _removing.Add((image.Id, node));
        try
        {
            await Sync.RemoveFromNodeAsync(await Caller.GetAsync(), image.Id, node);
            Snackbar.Add(L["Matrix.Removed", image.Image, node], Severity.Success);
        }
        catch (ValidationFailedException refused)
        {
            // A refusal for the user to fix, shown by the field; not a failure to log.
            _alert = string.Join(" ", refused.Errors.Select(e => L.Localize(e)));
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            _alert = L["Access.Denied"];
        }
        catch (InvalidOperationException engine)
        {
            // Core names the node and says what the engine answered.
            _alert = L["Matrix.RemoveFailed", image.Image, engine.Message];
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Removing {Image} from {Node} failed", image.Image, node);
            _alert = L.Describe(exception);
        }
        finally
        {
            _removing.Remove((image.Id, node));
        }
    }

    /// <summary>Changes what the panel shows from a background task; nothing to do once the circuit is gone.</summary>
    private async Task ShowAsync(Action change)
    {
        try
        {
            await InvokeAsync(() =>
            {
                change();
                StateHasChanged();
            });
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed while the work ran.
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
