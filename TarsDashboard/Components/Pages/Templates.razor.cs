using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>The template list: everyone signed in sees it; admins add, add children and delete. Changes by others show live.</summary>
public sealed partial class Templates : IDisposable
{
    private static readonly int[] PageSizes = [25, 50, 100];

    private readonly RefreshCoalescer _refresh = new(TimeSpan.FromMilliseconds(150));
    private IReadOnlyList<TemplateSummary>? _templates;
    private bool _loadFailed;
    private bool _interactive;
    private bool _busy;
    private bool? _allowed;
    private bool _mayManage;
    private string? _filter;
    private string? _alert;
    private IDisposable? _subscription;
    private Dictionary<string, object> _tableAttributes = [];

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

    protected override Task OnInitializedAsync()
    {
        _tableAttributes = new() { ["aria-label"] = L["Nav.Templates"].Value };
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
        try
        {
            var grants = await Access.LoadGrantsAsync(await Caller.GetAsync());
            _allowed = AccessControl.IsAllowed(grants, Permission.ViewShared, AccessTarget.Global);
            _mayManage = AccessControl.IsAllowed(grants, Permission.ManageTemplates, AccessTarget.Global);
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Templates page could not check access: {Reason}", exception.Message);
            _loadFailed = true;
            return;
        }

        if (_allowed != true)
        {
            return;
        }

        _subscription ??= Bus.Subscribe(OnLiveEventAsync);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _templates = await TemplateService.ListAsync(await Caller.GetAsync());
            _loadFailed = false;
        }
        catch (AccessDeniedException)
        {
            _allowed = false;
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Templates page could not list templates: {Reason}", exception.Message);
            _loadFailed = true;
        }
    }

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is TemplatesChanged)
        {
            _refresh.Request(() => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        }

        return Task.CompletedTask;
    }

    private static bool IsRoot(TemplateSummary template) =>
        string.IsNullOrWhiteSpace(template.ParentName) || string.Equals(template.ParentName, template.Name, StringComparison.OrdinalIgnoreCase);

    private static bool IsDefault(TemplateSummary template) =>
        string.Equals(template.Name, DefaultTemplate.Name, StringComparison.OrdinalIgnoreCase);

    private bool Matches(TemplateSummary template)
    {
        if (string.IsNullOrWhiteSpace(_filter))
        {
            return true;
        }

        var text = _filter.Trim();
        return template.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
            || template.ParentName.Contains(text, StringComparison.OrdinalIgnoreCase)
            || (template.Lastuser?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);
    }

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

        _busy = true;
        _alert = null;
        try
        {
            await TemplateService.DeleteAsync(await Caller.GetAsync(), template.Name);
            Snackbar.Add(L["Templates.Deleted", template.Name], Severity.Success);
            await LoadAsync();
        }
        catch (ValidationFailedException refused)
        {
            _alert = string.Join(" ", refused.Errors.Select(e => L.Localize(e)));
        }
        catch (AccessDeniedException)
        {
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Deleting template {Template} failed: {Reason}", template.Name, exception.Message);
            _alert = L["Database.NotReachable"];
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
