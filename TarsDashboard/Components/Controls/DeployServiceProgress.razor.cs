using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Deploy.Service;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The wizard's last view: the deployed instances with their live state, each with the lifecycle bar (start follows its
/// task live), and the packages panel to upload and publish the service's package.
/// </summary>
public sealed partial class DeployServiceProgress : IDisposable
{
    private List<ServerConfRow> _rows = [];
    private IDisposable? _subscription;

    [Parameter, EditorRequired]
    public ServiceDeployResult Result { get; set; } = default!;

    [Inject]
    private ServerConfRepository Servers { get; set; } = default!;

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
        if (liveEvent is ServiceChanged changed && _rows.FindIndex(r => r.Id == changed.Id) is var index and >= 0)
        {
            return InvokeAsync(async () =>
            {
                // The state shown is the stored one; the lifecycle bar keeps the same row object so it sees the new run mode too.
                if (await Servers.GetAsync(changed.Id) is { } current)
                {
                    _rows[index].PresentState = current.PresentState;
                    _rows[index].ProcessId = current.ProcessId;
                    _rows[index].PatchVersion = current.PatchVersion;
                }

                StateHasChanged();
            });
        }

        return Task.CompletedTask;
    }

    // A full load starts the wizard from its first step with nothing carried over.
    private void DeployAnother() => Navigation.NavigateTo("deploy/service", forceLoad: true);

    public void Dispose() => _subscription?.Dispose();
}
