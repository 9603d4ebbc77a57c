using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Configs;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The Config tab of a service: its files (service level and every node's), the application's files, an editor whose
/// Save comes after a side-by-side review of the change (with the reason the web platform asks for), the history with a
/// diff of any two versions and a confirmed restore, references to application files, and a push to chosen nodes.
/// All of it goes through <see cref="ConfigFileService"/>, which checks the caller's grants and audits.
/// </summary>
public sealed partial class ServiceConfigFilesPanel
{
    private const int HistoryPage = 50;

    private IReadOnlyList<ConfigFileRow> _serviceFiles = [];
    private IReadOnlyList<ConfigFileRow> _applicationFiles = [];
    private IReadOnlyList<string> _instances = [];
    private bool _mayViewApplication;
    private bool _mayEditApplication;
    private bool _loaded;
    private bool _busy;
    private Failure? _loadFailure;
    private string? _error;
    private IReadOnlyList<FieldError> _fieldErrors = [];

    private ConfigFileRow? _selected;
    private string _loadedText = "";
    private string? _draft;
    private string? _reason;
    private string? _reasonError;
    private ConfigDiff? _review;
    private ConfigHistoryPage _history = new([], 0);
    private readonly List<int> _picked = [];
    private (ConfigDiff Diff, int Old, int New)? _comparison;
    private IReadOnlyList<ConfigReference> _references = [];
    private IReadOnlyList<ConfigFileRow> _candidates = [];
    private int? _candidate;

    private string? _pushFile;
    private readonly HashSet<string> _pushNodes = new(StringComparer.Ordinal);
    private IReadOnlyList<ConfigPushResult> _pushResults = [];

    private bool _createOpen;
    private bool _createApplication;
    private ConfigScopeKind _createKind = ConfigScopeKind.Server;
    private string? _createHost;
    private string? _createName;
    private string? _createContent;

    /// <summary>The stored instance the page shows; its App.Server's files are listed.</summary>
    [Parameter, EditorRequired]
    public ServerConfRow Row { get; set; } = default!;

    /// <summary>The caller holds OperateService on the service (the permission of a service's edits).</summary>
    [Parameter]
    public bool MayEdit { get; set; }

    [Inject]
    private ConfigFileService Configs { get; set; } = default!;

    [Inject]
    private ServiceCatalog Services { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ILogger<ServiceConfigFilesPanel> Logger { get; set; } = default!;

    private string ServiceId => $"{Row.Application}.{Row.ServerName}";

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        try
        {
            var caller = await Caller.GetAsync();
            var server = await Configs.ListAsync(caller, ConfigScope.ForServer(Row.Application, Row.ServerName));
            var nodes = await Configs.ListAsync(caller, ConfigScope.ForNode(Row.Application, Row.ServerName, ""));
            _serviceFiles = [.. server.Concat(nodes).OrderBy(f => f.Filename, StringComparer.Ordinal).ThenBy(f => f.Level).ThenBy(f => f.Host, StringComparer.Ordinal)];
            var application = ConfigScope.ForApplication(Row.Application);
            _mayViewApplication = await Configs.MayViewAsync(caller, application);
            _mayEditApplication = await Configs.MayEditAsync(caller, application);
            _applicationFiles = _mayViewApplication ? await Configs.ListAsync(caller, application) : [];
            _instances = [.. (await Services.ListServiceAsync(caller, Row.Application, Row.ServerName)).Select(s => s.NodeName).Distinct().Order(StringComparer.Ordinal)];
            _loadFailure = null;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Config files of {Service} could not load", ServiceId);
            _loadFailure = ErrorPolicy.Classify(exception);
        }
        finally
        {
            _loaded = true;
        }
    }

    private bool MayEditFile(ConfigFileRow file) => file.Level == (int)ConfigLevel.Application ? _mayEditApplication : MayEdit;

    private string? FieldText(string field) => _fieldErrors.FirstOrDefault(e => e.Field == field) is { } error ? L.Localize(error) : null;

    private void OpenCreate(bool application)
    {
        _createApplication = application;
        _createKind = ConfigScopeKind.Server;
        _createHost = _instances.FirstOrDefault();
        _createName = null;
        _createContent = null;
        _fieldErrors = [];
        _createOpen = true;
    }

    private async Task CreateAsync()
    {
        var scope = _createApplication
            ? ConfigScope.ForApplication(Row.Application)
            : _createKind == ConfigScopeKind.Node
                ? ConfigScope.ForNode(Row.Application, Row.ServerName, _createHost ?? "")
                : ConfigScope.ForServer(Row.Application, Row.ServerName);
        ConfigFileRow? created = null;
        await RunAsync(async caller => created = await Configs.CreateAsync(caller, scope, _createName ?? "", _createContent ?? ""), keepFieldErrors: true);
        if (created is not null)
        {
            _createOpen = false;
            await OpenAsync(created);
        }
    }

    private async Task OpenAsync(ConfigFileRow file)
    {
        _pushFile = null;
        await RunAsync(async caller =>
        {
            var fresh = await Configs.GetAsync(caller, file.Id) ?? throw new ValidationFailedException(
                new FieldError("File", "Config.File.NotFound", $"Config file #{file.Id} does not exist.", file.Id));
            _selected = fresh;
            _loadedText = fresh.Config ?? "";
            _draft = _loadedText;
            _reason = null;
            _reasonError = null;
            _review = null;
            _comparison = null;
            _picked.Clear();
            await LoadFileDetailsAsync(caller);
        }, reload: false);
    }

    private async Task LoadFileDetailsAsync(Caller caller)
    {
        if (_selected is null)
        {
            return;
        }

        _history = await Configs.ListHistoryAsync(caller, _selected.Id, 0, HistoryPage);
        if (_selected.Level != (int)ConfigLevel.Application)
        {
            _references = await Configs.ListReferencesAsync(caller, _selected.Id);
            _candidates = await Configs.ListReferenceCandidatesAsync(caller, _selected.Id);
        }
    }

    private void CloseEditor()
    {
        _selected = null;
        _review = null;
        _comparison = null;
    }

    /// <summary>The review step: the reason is asked first (as in the web platform), then the change is shown before Save.</summary>
    private void Review()
    {
        if (string.IsNullOrWhiteSpace(_reason))
        {
            _reasonError = L["Config.Reason.Required"];
            return;
        }

        _reasonError = null;
        // The textarea gave every line a \n ending: a CRLF file keeps its endings, so only edited lines differ.
        _draft = ConfigLineEndings.Keep(_loadedText, _draft);
        _review = ConfigDiff.Build(_loadedText, _draft);
    }

    private async Task SaveAsync()
    {
        if (_selected is null)
        {
            return;
        }

        var id = _selected.Id;
        var saved = false;
        await RunAsync(async caller =>
        {
            await Configs.UpdateAsync(caller, id, _draft ?? "", _reason ?? "", _loadedText);
            saved = true;
        });
        if (saved)
        {
            await OpenAsync(_selected);
        }
        else
        {
            _review = null;
        }
    }

    private void Pick(int versionId, bool on)
    {
        if (!on)
        {
            _picked.Remove(versionId);
            return;
        }

        _picked.Add(versionId);
        if (_picked.Count > 2)
        {
            // The two most recent picks are compared.
            _picked.RemoveAt(0);
        }
    }

    private void Compare()
    {
        if (_picked.Count != 2)
        {
            return;
        }

        var older = _history.Rows.First(r => r.Id == Math.Min(_picked[0], _picked[1]));
        var newer = _history.Rows.First(r => r.Id == Math.Max(_picked[0], _picked[1]));
        _comparison = (ConfigDiff.Build(older.Content, newer.Content), older.Id, newer.Id);
    }

    private async Task MoreHistoryAsync() => await RunAsync(async caller =>
    {
        var more = await Configs.ListHistoryAsync(caller, _selected!.Id, _history.Rows.Count, HistoryPage);
        _history = new ConfigHistoryPage([.. _history.Rows, .. more.Rows], more.Total);
    }, reload: false);

    private async Task RestoreAsync(ConfigHistoryRow version)
    {
        if (_selected is null)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Configs.RestoreTitle"], L["Configs.RestoreConfirm", version.Id, _selected.Filename ?? ""],
            yesText: L["Configs.Restore"], cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var file = _selected;
        var restored = false;
        await RunAsync(async caller =>
        {
            await Configs.RestoreAsync(caller, file.Id, version.Id);
            restored = true;
        });
        if (restored)
        {
            await OpenAsync(file);
        }
    }

    private async Task AddReferenceAsync()
    {
        if (_selected is null || _candidate is not { } referenceId)
        {
            return;
        }

        await RunAsync(async caller =>
        {
            await Configs.AddReferenceAsync(caller, _selected.Id, referenceId);
            _candidate = null;
            await LoadFileDetailsAsync(caller);
        }, reload: false);
    }

    private async Task RemoveReferenceAsync(ConfigReference reference) => await RunAsync(async caller =>
    {
        await Configs.RemoveReferenceAsync(caller, reference.ConfigId, reference.File.Id);
        await LoadFileDetailsAsync(caller);
    }, reload: false);

    private async Task DeleteAsync(ConfigFileRow file)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Configs.DeleteTitle"], L["Configs.DeleteConfirm", file.Filename ?? "", file.Scope.ToString()],
            yesText: L["Configs.Delete"], cancelText: L["Common.Cancel"]);
        if (confirmed == true)
        {
            if (_selected?.Id == file.Id)
            {
                CloseEditor();
            }

            await RunAsync(caller => Configs.DeleteAsync(caller, file.Id));
        }
    }

    private void OpenPush(ConfigFileRow file)
    {
        _selected = null;
        _pushFile = file.Filename;
        _pushResults = [];
        _pushNodes.Clear();
        if (file.Level == (int)ConfigLevel.Node)
        {
            _pushNodes.Add(file.Host);
        }
        else
        {
            _pushNodes.UnionWith(_instances);
        }
    }

    private void PickNode(string node, bool on)
    {
        if (on)
        {
            _pushNodes.Add(node);
        }
        else
        {
            _pushNodes.Remove(node);
        }
    }

    private async Task PushAsync()
    {
        if (_pushFile is null)
        {
            return;
        }

        await RunAsync(async caller => _pushResults = await Configs.PushAsync(caller, Row.Application, Row.ServerName, _pushFile, [.. _pushNodes]),
            reload: false);
    }

    private async Task RunAsync(Func<Caller, Task> work, bool reload = true, bool keepFieldErrors = false)
    {
        _busy = true;
        _error = null;
        _fieldErrors = [];
        try
        {
            await work(await Caller.GetAsync());
            if (reload)
            {
                await ReloadAsync();
            }
        }
        catch (ValidationFailedException exception) when (keepFieldErrors)
        {
            // Shown next to the dialog's fields.
            _fieldErrors = exception.Errors;
            if (exception.Errors.Any(e => e.Field is not ("Filename" or "Host")))
            {
                _error = string.Join("; ", exception.Errors.Select(e => L.Localize(e)));
            }
        }
        catch (ValidationFailedException exception)
        {
            _error = string.Join("; ", exception.Errors.Select(e => L.Localize(e)));
        }
        catch (Exception exception) when (ErrorPolicy.Classify(exception).Kind is not FailureKind.Bug)
        {
            Logger.LogFailure(exception, "Config action on {Service} failed", ServiceId);
            _error = L.Describe(exception);
        }
        finally
        {
            _busy = false;
        }
    }
}
