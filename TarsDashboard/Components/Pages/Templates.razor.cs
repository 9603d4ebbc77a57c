using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Templates;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>The template list: everyone signed in sees it; admins add, add children and delete. Changes by others show live.</summary>
public sealed partial class Templates : IDisposable
{
    private static readonly int[] PageSizes = [25, 50, 100];

    private readonly LiveRefresh _live = new(TimeSpan.FromMilliseconds(150));
    private readonly PageLoadState _load = new();
    private IReadOnlyList<TemplateSummary>? _templates;
    private bool _interactive;
    private FormRunner? _form;
    private bool _mayManage;

    [Inject]
    private TemplateService TemplateService { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private ILogger<Templates> Logger { get; set; } = default!;

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, []);

    protected override Task OnInitializedAsync()
    {
        return StartAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    /// <summary>Checks access, then subscribes and loads; also the Retry after the database was not reachable.</summary>
    private async Task StartAsync()
    {
        var allowed = await _load.CheckAccessAsync(async () =>
        {
            var grants = await Access.LoadGrantsAsync(await Caller.GetAsync());
            _mayManage = AccessControl.IsAllowed(grants, Permission.ManageTemplates, AccessTarget.Global);
            return AccessControl.IsAllowed(grants, Permission.ViewShared, AccessTarget.Global);
        }, exception => Logger.LogFailure(exception, "Templates page could not check access"));
        if (!allowed)
        {
            return;
        }

        _live.Start(Bus, liveEvent => liveEvent is TemplatesChanged, () => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
        await LoadAsync();
    }

    private Task LoadAsync() => _load.LoadAsync(
        async () => _templates = await TemplateService.ListAsync(await Caller.GetAsync()),
        exception => Logger.LogFailure(exception, "Templates page could not list templates"),
        onDenied: () => _load.Allowed = false);

    private static bool IsRoot(TemplateSummary template) =>
        string.IsNullOrWhiteSpace(template.ParentName) || string.Equals(template.ParentName, template.Name, StringComparison.OrdinalIgnoreCase);

    private static bool IsDefault(TemplateSummary template) =>
        string.Equals(template.Name, DefaultTemplate.Name, StringComparison.OrdinalIgnoreCase);

    private async Task DeleteAsync(TemplateSummary template)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Templates.DeleteTitle"],
            L["Templates.DeleteConfirm", template.Name],
            yesText: L["Common.Remove"],
            cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        await Form.RunAsync(async () =>
            {
                await TemplateService.DeleteAsync(await Caller.GetAsync(), template.Name);
                Snackbar.Add(L["Templates.Deleted", template.Name], Severity.Success);
                await LoadAsync();
            }, exception => Logger.LogFailure(exception, "Deleting template {Template} failed", template.Name));
    }

    public void Dispose() => _live.Dispose();
}
