using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Deploy.Service;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Services;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The wizard's last view: the deployed instances with their live state, each with the lifecycle bar (start follows its
/// task live), and the packages panel to upload and publish the service's package.
/// </summary>
public sealed partial class DeployServiceProgress : IDisposable
{
    private List<ServerConfRow> _rows = [];
    private readonly HashSet<int> _changed = [];
    private bool _refreshing;
    private IDisposable? _subscription;

    [Parameter, EditorRequired]
    public ServiceDeployResult Result { get; set; } = default!;

    [Inject]
    private ServiceCatalog Services { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override void OnInitialized()
    {
        _rows = [.. Result.Servers];
        _subscription = Bus.Subscribe(OnLiveEventAsync);
    }

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is ServiceChanged changed && _rows.Exists(r => r.Id == changed.Id))
        {
            return InvokeAsync(() => RefreshAsync(changed.Id));
        }

        return Task.CompletedTask;
    }

    // A start sends several events per instance: the ones that arrive while a read runs are read together in the next
    // one, through the catalog (the caller's grants, one query for all of them).
    private async Task RefreshAsync(int id)
    {
        _changed.Add(id);
        if (_refreshing)
        {
            return;
        }

        _refreshing = true;
        try
        {
            while (_changed.Count > 0)
            {
                int[] ids = [.. _changed];
                _changed.Clear();
                var caller = await Caller.GetAsync();
                foreach (var current in await Services.ListByIdsAsync(caller, ids))
                {
                    // The state shown is the stored one; the lifecycle bar keeps the same row object so it sees the new run mode too.
                    var row = _rows.Find(r => r.Id == current.Id)!;
                    row.PresentState = current.PresentState;
                    row.ProcessId = current.ProcessId;
                    row.PatchVersion = current.PatchVersion;
                }

                StateHasChanged();
            }
        }
        finally
        {
            _refreshing = false;
        }
    }

    // A full load starts the wizard from its first step with nothing carried over.
    private void DeployAnother() => Navigation.NavigateTo("deploy/service", forceLoad: true);

    public void Dispose() => _subscription?.Dispose();
}
