using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Releases;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Shows what a rollback to a release changes on each instance (package, image, config) and runs it once confirmed.</summary>
public sealed partial class RollbackDialog
{
    private const string WaitField = "WaitSeconds";
    private static readonly string[] Fields = [WaitField, "ServerIds"];

    private FormRunner? _form;
    private RollbackPreview? _preview;
    private Failure? _loadFailure;
    private int _waitSeconds = 10;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public ReleaseRow Release { get; set; } = default!;

    [Inject]
    private ReleaseService Releases { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<RollbackDialog> Logger { get; set; } = default!;

    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            _preview = await Releases.PreviewRollbackAsync(await Caller.GetAsync(), Release.Id);
            _loadFailure = null;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Rollback preview of release {Release} could not load", Release.Id);
            _loadFailure = ErrorPolicy.Classify(exception);
        }
    }

    private Task ConfirmAsync() => Form.RunAsync(async () =>
    {
        // Only the instances that differ are touched; the others already run the release.
        var changed = _preview!.Instances.Where(i => i.PackageChanges || i.ImageChanges || i.ConfigChanges.Count > 0).Select(i => i.ServerId).ToList();
        var release = await Releases.RollbackToAsync(await Caller.GetAsync(), Release.Id, changed.Count > 0 ? changed : null, _waitSeconds);
        Dialog.Close(DialogResult.Ok(release.Id));
    }, exception => Logger.LogFailure(exception, "Rollback to release {Release} failed", Release.Id));

    private static string Change(string current, string target) => current == target ? current : $"{current} → {target}";

    private void Cancel() => Dialog.Cancel();
}
