using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// Images, their registries, and which node holds which image (the sync matrix). Everyone signed in may look; only
/// admins see the actions that change something (Core refuses them to anyone else anyway).
/// </summary>
public sealed partial class Images
{
    private bool _interactive;
    private Failure? _loadFailure;
    private bool? _allowed;
    private bool _mayManageImages;
    private bool _mayManageRegistries;
    private int _tab;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<Images> Logger { get; set; } = default!;

    protected override Task OnInitializedAsync() => StartAsync();

    /// <summary>Reads the caller's grants once; also the Retry after the database was not reachable.</summary>
    private async Task StartAsync()
    {
        try
        {
            var grants = await Access.LoadGrantsAsync(await Caller.GetAsync());
            _allowed = AccessControl.IsAllowed(grants, Permission.ViewShared, AccessTarget.Global);
            _mayManageImages = AccessControl.IsAllowed(grants, Permission.ManageImages, AccessTarget.Global);
            _mayManageRegistries = AccessControl.IsAllowed(grants, Permission.ManageRegistries, AccessTarget.Global);
            _loadFailure = null;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Images page could not check access");
            _loadFailure = ErrorPolicy.Classify(exception);
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }
}
