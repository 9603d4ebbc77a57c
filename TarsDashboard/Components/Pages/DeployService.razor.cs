using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Deploy.Service;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// The "deploy a business service" wizard: one step per part of the service, each checked by Core before the next opens,
/// a review, then the deployment and its live follow-up (package, publish, start). The request is kept as a draft after
/// every step, so a wizard left half-way offers to resume.
/// </summary>
public sealed partial class DeployService
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private readonly HashSet<ServiceDeployStep> _failed = [];
    private ServiceDeployContext? _context;
    private ServiceDeployRequest _request = new();
    private DraftOffer? _draft;
    private ServiceDeployResult? _deployed;
    private int _step;
    private bool _interactive;
    private bool _busy;
    private bool _loadFailed;
    private string? _alert;

    [Inject]
    private ServiceDeployer Deployer { get; set; } = default!;

    [Inject]
    private WizardDraftStore Drafts { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<DeployService> Logger { get; set; } = default!;

    private string Phase => _draft is not null ? "draft" : _deployed is not null ? "deployed" : "wizard";

    private bool IsContainer => RunTypes.IsContainer(_request.RunType);

    private string ImageName => _context?.Images.FirstOrDefault(i => i.Id == _request.BaseImageId)?.Image ?? "";

    protected override Task OnInitializedAsync() => LoadAsync();

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
        try
        {
            var caller = await Caller.GetAsync();
            _context = await Deployer.LoadContextAsync(caller);
            _loadFailed = false;
            var saved = await Drafts.LoadAsync<ServiceDeployRequest>(caller, ServiceDeployer.DraftKind);
            _draft = saved is null ? null : new DraftOffer(Math.Clamp(saved.Step, 0, (int)ServiceDeployStep.Review), saved.Data, saved.UpdatedAt);
            _request = Fresh(_context);
        }
        catch (Exception exception)
        {
            Logger.LogWarning("The service wizard could not load: {Reason}", exception.Message);
            _loadFailed = true;
        }
    }

    /// <summary>A new request: the first application the caller may deploy to (or a new one), the default template.</summary>
    private static ServiceDeployRequest Fresh(ServiceDeployContext context) => new()
    {
        NewApplication = context.Applications.Count == 0,
        Application = context.Applications.FirstOrDefault() ?? "",
        TemplateName = context.Templates.FirstOrDefault(t => t.TemplateName == "tars.default")?.TemplateName
                       ?? context.Templates.FirstOrDefault()?.TemplateName ?? "",
    };

    private void ResumeDraft()
    {
        if (_draft is { } draft)
        {
            _request = draft.Data;
            _step = draft.Step;
            _draft = null;
        }
    }

    private async Task StartOverAsync()
    {
        _draft = null;
        _step = 0;
        _errors.Clear();
        _failed.Clear();
        try
        {
            await Drafts.DeleteAsync(await Caller.GetAsync(), ServiceDeployer.DraftKind);
        }
        catch (Exception exception)
        {
            Logger.LogWarning("The service wizard draft could not be removed: {Reason}", exception.Message);
        }
    }

    private async Task NextAsync()
    {
        if (_context is null)
        {
            return;
        }

        _busy = true;
        _alert = null;
        try
        {
            var caller = await Caller.GetAsync();
            // Fresh each time: a name or port may have been taken since the wizard opened.
            _context = await Deployer.LoadContextAsync(caller);
            var step = (ServiceDeployStep)_step;
            var errors = ServiceDeployValidator.Validate(step, _request, _context);
            Show(errors);
            if (errors.Count > 0)
            {
                _failed.Add(step);
                return;
            }

            _failed.Remove(step);
            if (step == ServiceDeployStep.Nodes)
            {
                PrepareAdapters();
            }

            _step++;
            await SaveDraftAsync(caller);
        }
        catch (Exception exception)
        {
            Logger.LogWarning("A step of the service wizard could not be checked: {Reason}", exception.Message);
            _alert = L["Database.NotReachable"];
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task BackAsync()
    {
        if (_step > 0)
        {
            _step--;
            _alert = null;
            await SaveDraftAsync(await Caller.GetAsync());
        }
    }

    // Going forward is only through Next (which checks the step); the step headers lead back to a done step.
    private Task OnPreviewInteractionAsync(StepperInteractionEventArgs args)
    {
        if (args.Action != StepAction.Activate || args.StepIndex > _step)
        {
            args.Cancel = true;
        }

        return Task.CompletedTask;
    }

    private void OnActiveIndexChanged(int index)
    {
        if (index <= _step)
        {
            _step = index;
        }
    }

    private async Task DeployAsync()
    {
        _busy = true;
        _alert = null;
        try
        {
            var caller = await Caller.GetAsync();
            var result = await Deployer.DeployAsync(caller, _request);
            _deployed = result;
            await Drafts.DeleteAsync(caller, ServiceDeployer.DraftKind);
        }
        catch (ValidationFailedException refused)
        {
            Show(refused.Errors);
            var steps = refused.Errors.Select(e => ServiceDeployValidator.StepOf(e) ?? ServiceDeployStep.Review).ToList();
            foreach (var step in steps)
            {
                _failed.Add(step);
            }

            _step = (int)steps.Min();
            _alert = string.Join(" ", refused.Errors.Select(L.Localize).Distinct());
        }
        catch (AccessDeniedException)
        {
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Deploying {Service} failed: {Reason}", _request.ServiceId, exception.Message);
            _alert = L["ServiceWizard.DeployFailed", exception.Message];
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Entering the servants step: one servant named after the server when there is none, and free ports on every node.</summary>
    private void PrepareAdapters()
    {
        if (_request.Adapters.Count == 0 && _request.ServerType != "not_tars")
        {
            _request.Adapters.Add(new ServiceDeployAdapter { ObjName = DefaultObjName(_request.ServerName) });
        }

        ServiceDeployer.AssignFreePorts(_request, _context!, Random.Shared);
    }

    // HelloServer -> HelloObj, as Tars' own samples name them.
    private static string DefaultObjName(string serverName)
    {
        var name = serverName.Trim();
        var stem = name.EndsWith("Server", StringComparison.Ordinal) && name.Length > "Server".Length ? name[..^"Server".Length] : name;
        return stem + "Obj";
    }

    private void AddAdapter()
    {
        _request.Adapters.Add(new ServiceDeployAdapter { ObjName = _request.Adapters.Count == 0 ? DefaultObjName(_request.ServerName) : "" });
        ServiceDeployer.AssignFreePorts(_request, _context!, Random.Shared);
        _errors.Remove(nameof(ServiceDeployRequest.Adapters));
    }

    private void RemoveAdapter(int index)
    {
        _request.Adapters.RemoveAt(index);
        ClearErrors("Adapters");
    }

    private async Task SuggestPortsAsync()
    {
        _context = await Deployer.LoadContextAsync(await Caller.GetAsync());
        foreach (var adapter in _request.Adapters)
        {
            adapter.Ports.Clear();
        }

        ServiceDeployer.AssignFreePorts(_request, _context, Random.Shared);
        ClearErrors("Adapters");
    }

    private void SetNewApplication(bool isNew)
    {
        _request.NewApplication = isNew;
        _request.Application = isNew ? "" : _context?.Applications.FirstOrDefault() ?? "";
        _errors.Remove(nameof(ServiceDeployRequest.Application));
    }

    private void SetNode(string node, bool chosen)
    {
        _request.Nodes.Remove(node);
        if (chosen)
        {
            _request.Nodes.Add(node);
        }

        _errors.Remove(nameof(ServiceDeployRequest.Nodes));
    }

    private void SetContainer(bool container) =>
        Set(nameof(ServiceDeployRequest.RunType), () =>
        {
            _request.RunType = container ? RunTypes.Container : RunTypes.Native;
            if (container && _request.BaseImageId == 0 && _context!.Images.Count == 1)
            {
                _request.BaseImageId = _context.Images[0].Id;
            }

            _errors.Remove(nameof(ServiceDeployRequest.BaseImageId));
        });

    /// <summary>Applies a change from a field; its message described the old value.</summary>
    private void Set(string field, Action apply)
    {
        apply();
        _errors.Remove(field);
    }

    private void OnMappingChanged(string field) =>
        ClearErrors(field);

    // Messages of rows are keyed by index; adding or removing a row moves them, so they go.
    private void OnMappingRowsChanged()
    {
        ClearErrors("Volumes[");
        ClearErrors("Ports[");
    }

    private void ClearErrors(string prefix)
    {
        foreach (var key in _errors.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            _errors.Remove(key);
        }
    }

    private void Show(IReadOnlyList<FieldError> errors)
    {
        _errors.Clear();
        foreach (var group in errors.GroupBy(e => e.Field))
        {
            _errors[group.Key] = string.Join(" ", group.Select(L.Localize).Distinct());
        }
    }

    private async Task SaveDraftAsync(Caller caller)
    {
        try
        {
            await Drafts.SaveAsync(caller, ServiceDeployer.DraftKind, _step, _request);
        }
        catch (Exception exception)
        {
            // The wizard goes on; only resuming it elsewhere is lost.
            Logger.LogWarning("The service wizard draft could not be saved: {Reason}", exception.Message);
        }
    }

    private bool Done(ServiceDeployStep step) => (int)step < _step && !_failed.Contains(step);

    private bool Failed(ServiceDeployStep step) => _failed.Contains(step);

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private string StepTitle(ServiceDeployStep step) => L[$"ServiceWizard.Step.{step}"];

    private static string DraftName(ServiceDeployRequest data) =>
        data.Application.Length == 0 && data.ServerName.Length == 0 ? "—" : data.ServiceId;

    private static string AdapterField(int index, string part) => $"Adapters[{index}].{part}";

    private static string PortOf(int index, string node) => $"Adapters[{index}].Ports[{node}]";

    private sealed record DraftOffer(int Step, ServiceDeployRequest Data, DateTime UpdatedAt);
}
