using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// One template: its name, parent and profile (admins edit them; everyone signed in reads them), syntax errors by line as
/// you type, and the merged view with its inheritance chain. <c>/templates/{Parent}/new</c> adds a child of Parent.
/// </summary>
public sealed partial class TemplateEditor : IDisposable
{
    private const int EditTab = 0;
    private const int MergedTab = 1;

    private static readonly string[] Fields = [nameof(TemplateInput.Name), nameof(TemplateInput.ParentName), nameof(TemplateInput.Profile)];

    private readonly RefreshCoalescer _refresh = new(TimeSpan.FromMilliseconds(150));
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private List<ProfileErrorLine> _profileErrors = [];
    private TemplateInput _input = new();
    private TemplateDetail? _original;
    private IReadOnlyList<TemplateSummary> _all = [];
    private List<BreadcrumbItem> _breadcrumbs = [];
    private List<BreadcrumbItem> _chain = [];
    private MergedTemplate? _merged;
    private string? _loadedFor;
    private string? _alert;
    private string? _notice;
    private bool _conflict;
    private bool _interactive;
    private bool _loaded;
    private Failure? _loadFailure;
    private bool _notFound;
    private bool _busy;
    private bool _merging;
    private bool? _allowed;
    private bool _mayManage;
    private int _tab = EditTab;
    private IDisposable? _subscription;

    /// <summary>One syntax error of the profile text, by line.</summary>
    private sealed record ProfileErrorLine(int Line, string Text);

    /// <summary>The template to show (from <c>/templates/{Name}</c>).</summary>
    [Parameter]
    public string? Name { get; set; }

    /// <summary>The parent of a template being added (from <c>/templates/{Parent}/new</c>).</summary>
    [Parameter]
    public string? Parent { get; set; }

    [Inject]
    private TemplateService TemplateService { get; set; } = default!;

    [Inject]
    private MergedTemplateService Merger { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private ILogger<TemplateEditor> Logger { get; set; } = default!;

    private bool IsNew => Parent is not null;

    private string Title => IsNew ? L["Templates.NewTitle"] : _original?.Name ?? Name ?? "";

    private bool IsDirty => _original is null
        ? _input.Name.Length > 0 || _input.Profile.Length > 0
        : _input.Name != _original.Name || _input.ParentName != _original.ParentName || _input.Profile != _original.Profile;

    /// <summary>Renaming is refused for tars.default and while the template is used; the field says so instead of failing on save.</summary>
    private bool NameLocked => _original is not null && (_original.IsDefault || _original.ServiceCount > 0 || _original.ChildCount > 0);

    private string NameHelp => NameLocked
        ? L["Templates.NameLocked"]
        : L["Templates.NameHelp"];

    /// <summary>Only tars.default may have no parent.</summary>
    private bool MayBeRoot => string.Equals(_input.Name.Trim(), DefaultTemplate.Name, StringComparison.OrdinalIgnoreCase)
        || string.IsNullOrEmpty(_input.ParentName);

    private IEnumerable<string> ParentChoices
    {
        get
        {
            var own = _original?.Name ?? _input.Name.Trim();
            var names = _all.Select(t => t.Name).Where(n => !string.Equals(n, own, StringComparison.OrdinalIgnoreCase)).ToList();
            // A parent Tars web stored that no longer exists still shows, so the field tells the truth.
            if (_input.ParentName.Length > 0 && !names.Contains(_input.ParentName, StringComparer.OrdinalIgnoreCase)
                && !string.Equals(_input.ParentName, own, StringComparison.OrdinalIgnoreCase))
            {
                names.Add(_input.ParentName);
            }

            return names;
        }
    }

    protected override async Task OnInitializedAsync()
    {
        try
        {
            var grants = await Access.LoadGrantsAsync(await Caller.GetAsync());
            _allowed = AccessControl.IsAllowed(grants, Permission.ViewShared, AccessTarget.Global);
            _mayManage = AccessControl.IsAllowed(grants, Permission.ManageTemplates, AccessTarget.Global);
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Template editor could not check access");
            _loadFailure = ErrorPolicy.Classify(exception);
            return;
        }

        if (_allowed == true)
        {
            _subscription = Bus.Subscribe(OnLiveEventAsync);
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        // The same page serves every template: load again only when the address names another one.
        var key = IsNew ? $"new:{Parent}" : $"edit:{Name}";
        if (_allowed != true || key == _loadedFor)
        {
            return;
        }

        _loadedFor = key;
        _tab = EditTab;
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        _loaded = false;
        _alert = null;
        _notice = null;
        _conflict = false;
        _errors.Clear();
        _merged = null;
        try
        {
            var caller = await Caller.GetAsync();
            _all = await TemplateService.ListAsync(caller);
            if (IsNew)
            {
                _original = null;
                _notFound = false;
                _input = new TemplateInput { ParentName = Parent ?? "" };
            }
            else
            {
                _original = await TemplateService.GetAsync(caller, Name ?? "");
                _notFound = _original is null;
                _input = _original is null ? new TemplateInput() : TemplateInput.From(_original);
            }

            _loadFailure = null;
            CheckProfile();
            SetBreadcrumbs();
            if (_tab == MergedTab)
            {
                await MergeAsync();
            }
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            _allowed = false;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Template editor could not load {Template}", Name ?? Parent);
            _loadFailure = ErrorPolicy.Classify(exception);
        }
        finally
        {
            _loaded = true;
        }
    }

    private async Task ReloadAsync()
    {
        if (_allowed == null)
        {
            await OnInitializedAsync();
        }

        await LoadAsync();
    }

    private void SetBreadcrumbs() => _breadcrumbs =
    [
        new BreadcrumbItem(L["Nav.Templates"], TemplateLinks.List),
        new BreadcrumbItem(Title, IsNew ? TemplateLinks.New(Parent ?? "") : TemplateLinks.Edit(Name ?? ""), disabled: true),
    ];

    private void SetName(string? value)
    {
        _input.Name = value ?? "";
        _errors.Remove(nameof(TemplateInput.Name));
    }

    private void SetParent(string? value)
    {
        _input.ParentName = value ?? "";
        _errors.Remove(nameof(TemplateInput.ParentName));
    }

    private void SetProfile(string? value)
    {
        _input.Profile = value ?? "";
        CheckProfile();
    }

    private string ParentText(string? name) => string.IsNullOrEmpty(name) ? L["Templates.NoParent"] : name;

    /// <summary>Parses the text as it is typed, so mistakes show by line before anything is saved.</summary>
    private void CheckProfile()
    {
        var parsed = TarsConfigParser.Parse(_input.Profile);
        _profileErrors = parsed.Errors.Select(e => new ProfileErrorLine(e.Line, L.Localize(e.ToFieldError(nameof(TemplateInput.Profile))))).ToList();
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private async Task OnTabChangedAsync(int index)
    {
        _tab = index;
        if (index == MergedTab)
        {
            await MergeAsync();
        }
    }

    /// <summary>Builds the merged view of what the form holds now, saved or not.</summary>
    private async Task MergeAsync()
    {
        _merging = true;
        StateHasChanged();
        try
        {
            _merged = await Merger.PreviewAsync(await Caller.GetAsync(), Copy(_input), _original?.Name);
            var names = _merged.Chain;
            _chain = names
                .Select((name, i) => new BreadcrumbItem(name, TemplateLinks.Edit(name), disabled: i == names.Count - 1))
                .ToList();
        }
        catch (Exception exception) when (exception is not AccessDeniedException)
        {
            Logger.LogFailure(exception, "Template editor could not merge {Template}", _input.Name);
            _merged = null;
            _alert = L.Describe(exception);
        }
        finally
        {
            _merging = false;
        }
    }

    private async Task SaveAsync()
    {
        await RunAsync(async caller =>
        {
            if (_original is null)
            {
                var added = await TemplateService.AddAsync(caller, Copy(_input));
                Snackbar.Add(L["Templates.Created", added.Name], Severity.Success);
                Navigation.NavigateTo(TemplateLinks.Edit(added.Name));
                return;
            }

            var saved = await TemplateService.UpdateAsync(caller, _original.Name, Copy(_input), _original.Posttime);
            var renamed = saved.Name != _original.Name;
            _original = saved;
            _input = TemplateInput.From(saved);
            CheckProfile();
            Snackbar.Add(L["Templates.Saved", saved.Name], Severity.Success);
            if (renamed)
            {
                Navigation.NavigateTo(TemplateLinks.Edit(saved.Name), replace: true);
            }
            else if (_tab == MergedTab)
            {
                await MergeAsync();
            }
        });
    }

    private async Task DeleteAsync()
    {
        if (_original is null)
        {
            return;
        }

        var name = _original.Name;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Templates.DeleteTitle"],
            L["Templates.DeleteConfirm", name],
            yesText: L["Common.Remove"],
            cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(async caller =>
        {
            await TemplateService.DeleteAsync(caller, name);
            Snackbar.Add(L["Templates.Deleted", name], Severity.Success);
            Navigation.NavigateTo(TemplateLinks.List);
        });
    }

    /// <summary>Runs a change with the buttons disabled; Core's refusals go next to their fields, the rest into the alert.</summary>
    private async Task RunAsync(Func<Caller, Task> action)
    {
        _busy = true;
        _alert = null;
        _conflict = false;
        _errors.Clear();
        try
        {
            await action(await Caller.GetAsync());
        }
        catch (ValidationFailedException refused)
        {
            // A refusal for the user to fix, shown by the field; not a failure to log.
            var profile = refused.Errors.Where(e => e.Field == nameof(TemplateInput.Profile)).ToList();
            if (profile.Count > 0)
            {
                _profileErrors = profile.Select(e => new ProfileErrorLine(LineOf(e), L.Localize(e))).ToList();
                _tab = EditTab;
            }

            _alert = FieldErrors.Place(new ValidationFailedException(refused.Errors.Where(e => e.Field != nameof(TemplateInput.Profile)).ToList()),
                Fields, _errors, L);
            if (_errors.Count > 0)
            {
                _tab = EditTab;
            }
        }
        catch (ConcurrencyConflictException)
        {
            // Someone changed it meanwhile: the user reloads; not a failure to log.
            _alert = L["Templates.Conflict", _original?.Name ?? _input.Name];
            _conflict = true;
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown to the user (Core audits refused changes); not a failure to log.
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Saving template {Template} failed", _input.Name);
            _alert = L.Describe(exception);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The line a profile error is about (its first argument), or 0 for one about the whole text.</summary>
    private static int LineOf(FieldError error) =>
        error.Code.StartsWith("Profile.", StringComparison.Ordinal) || error.Code == "Template.Profile.ControlCharacter"
            ? error.Arguments.FirstOrDefault() as int? ?? 0
            : 0;

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is TemplatesChanged)
        {
            _refresh.Request(() => InvokeAsync(async () =>
            {
                await OnTemplatesChangedAsync();
                StateHasChanged();
            }));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Another save happened somewhere: the parent choices and counts follow at once; the form follows too unless it
    /// holds unsaved edits, which are never thrown away (a notice offers to reload instead).
    /// </summary>
    private async Task OnTemplatesChangedAsync()
    {
        if (!_loaded || _loadFailure is not null || _busy)
        {
            return;
        }

        try
        {
            var caller = await Caller.GetAsync();
            _all = await TemplateService.ListAsync(caller);
            if (_original is null)
            {
                return;
            }

            var current = await TemplateService.GetAsync(caller, _original.Name);
            if (current is null)
            {
                _notice = L["Templates.GoneElsewhere", _original.Name];
            }
            else if (current.Posttime == _original.Posttime)
            {
                _original = current;
            }
            else if (IsDirty)
            {
                _notice = L["Templates.ChangedElsewhere", _original.Name];
            }
            else
            {
                _original = current;
                _input = TemplateInput.From(current);
                CheckProfile();
                if (_tab == MergedTab)
                {
                    await MergeAsync();
                }
            }
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Template editor could not refresh {Template}", _original?.Name);
        }
    }

    // Core trims what it is given; the fields keep showing exactly what the user typed.
    private static TemplateInput Copy(TemplateInput input) => new()
    {
        Name = input.Name,
        ParentName = input.ParentName,
        Profile = input.Profile,
    };

    public void Dispose() => _subscription?.Dispose();
}
