using Microsoft.AspNetCore.Components;
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
/// a review, then the deployment and its live follow-up (package, publish, start). A wizard left half-way offers to resume.
/// </summary>
public sealed partial class DeployService
{
    private static readonly Dictionary<ServiceDeployStep, string[]> StepFields = new()
    {
        [ServiceDeployStep.Application] = [nameof(ServiceDeployRequest.Application)],
        [ServiceDeployStep.Server] = [nameof(ServiceDeployRequest.ServerName), nameof(ServiceDeployRequest.ServerType), nameof(ServiceDeployRequest.TemplateName)],
        [ServiceDeployStep.Set] = [nameof(ServiceDeployRequest.EnableSet), nameof(ServiceDeployRequest.SetName), nameof(ServiceDeployRequest.SetArea), nameof(ServiceDeployRequest.SetGroup)],
        [ServiceDeployStep.People] = [nameof(ServiceDeployRequest.Operators), nameof(ServiceDeployRequest.Developers)],
        [ServiceDeployStep.Nodes] = [nameof(ServiceDeployRequest.Nodes)],
        [ServiceDeployStep.Adapters] = [nameof(ServiceDeployRequest.Adapters)],
        [ServiceDeployStep.Container] = [nameof(ServiceDeployRequest.RunType), nameof(ServiceDeployRequest.BaseImageId), nameof(ServiceDeployRequest.Volumes), nameof(ServiceDeployRequest.Ports)],
        [ServiceDeployStep.Review] = [],
    };

    private WizardModel<ServiceDeployRequest> _wizard = null!;
    private IReadOnlyList<WizardStepDefinition> _steps = [];
    private ServiceDeployContext? _context;
    private ServiceDeployResult? _deployed;
    private bool _interactive;
    private Failure? _loadFailure;

    [Inject]
    private ServiceDeployer Deployer { get; set; } = default!;

    [Inject]
    private WizardDraftStore Drafts { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<DeployService> Logger { get; set; } = default!;

    private ServiceDeployRequest Request => _wizard.Data;

    private string Phase => _wizard.Offer is not null ? "draft" : _deployed is not null ? "deployed" : "wizard";

    private bool IsContainer => RunTypes.IsContainer(Request.RunType);

    private string ImageName => _context?.Images.FirstOrDefault(i => i.Id == Request.BaseImageId)?.Image ?? "";

    protected override Task OnInitializedAsync()
    {
        _steps = [.. Enum.GetValues<ServiceDeployStep>().Select(step => new WizardStepDefinition(step.ToString(), StepFields[step],
            step == ServiceDeployStep.Review ? DeployAsync : () => CheckAsync(step)))];
        _wizard = new WizardModel<ServiceDeployRequest>(ServiceDeployer.DraftKind, () => Fresh(_context), () => _steps, Drafts, Caller.GetAsync, L, Logger,
            StateHasChanged);
        return LoadAsync();
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
        try
        {
            _context = await Deployer.LoadContextAsync(await Caller.GetAsync());
            _loadFailure = null;
            _wizard.Data = Fresh(_context);
            await _wizard.LoadDraftAsync(offer: true);
        }
        catch (Exception exception)
        {
            _loadFailure = ErrorPolicy.Classify(exception);
            Logger.LogFailure(exception, "The service wizard could not load");
        }
    }

    /// <summary>A new request: the first application the caller may deploy to (or a new one), the default template.</summary>
    private static ServiceDeployRequest Fresh(ServiceDeployContext? context) => context is null ? new() : new()
    {
        NewApplication = context.Applications.Count == 0,
        Application = context.Applications.FirstOrDefault() ?? "",
        TemplateName = context.Templates.FirstOrDefault(t => t.TemplateName == "tars.default")?.TemplateName
                       ?? context.Templates.FirstOrDefault()?.TemplateName ?? "",
    };

    private async Task<IReadOnlyList<FieldError>> CheckAsync(ServiceDeployStep step)
    {
        // Fresh each time: a name or port may have been taken since the wizard opened.
        _context = await Deployer.LoadContextAsync(await Caller.GetAsync());
        var errors = ServiceDeployValidator.Validate(step, Request, _context);
        if (errors.Count == 0 && step == ServiceDeployStep.Nodes)
        {
            PrepareAdapters();
        }

        return errors;
    }

    private async Task<IReadOnlyList<FieldError>> DeployAsync()
    {
        try
        {
            _deployed = await Deployer.DeployAsync(await Caller.GetAsync(), Request);
            return [];
        }
        catch (Exception exception) when (exception is not (ValidationFailedException or AccessDeniedException))
        {
            Logger.LogWarning(exception, "Deploying {Service} failed", Request.ServiceId);
            // No field's: the alert says it.
            return [new FieldError("", "ServiceWizard.DeployFailed", exception.Message, exception.Message)];
        }
    }

    /// <summary>Entering the servants step: one servant named after the server when there is none, and free ports on every node.</summary>
    private void PrepareAdapters()
    {
        if (Request.Adapters.Count == 0 && Request.ServerType != "not_tars")
        {
            Request.Adapters.Add(new ServiceDeployAdapter { ObjName = TarsNames.DefaultObjName(Request.ServerName) });
        }

        ServiceDeployer.AssignFreePorts(Request, _context!, Random.Shared);
    }

    private void AddAdapter()
    {
        Request.Adapters.Add(new ServiceDeployAdapter { ObjName = Request.Adapters.Count == 0 ? TarsNames.DefaultObjName(Request.ServerName) : "" });
        ServiceDeployer.AssignFreePorts(Request, _context!, Random.Shared);
        _wizard.Forget(nameof(ServiceDeployRequest.Adapters));
    }

    private void RemoveAdapter(int index)
    {
        Request.Adapters.RemoveAt(index);
        _wizard.ForgetUnder("Adapters");
    }

    private async Task SuggestPortsAsync()
    {
        _context = await Deployer.LoadContextAsync(await Caller.GetAsync());
        foreach (var adapter in Request.Adapters)
        {
            adapter.Ports.Clear();
        }

        ServiceDeployer.AssignFreePorts(Request, _context, Random.Shared);
        _wizard.ForgetUnder("Adapters");
    }

    private void SetNewApplication(bool isNew) =>
        _wizard.Set(nameof(ServiceDeployRequest.Application), () =>
        {
            Request.NewApplication = isNew;
            Request.Application = isNew ? "" : _context?.Applications.FirstOrDefault() ?? "";
        });

    private void SetNode(string node, bool chosen) =>
        _wizard.Set(nameof(ServiceDeployRequest.Nodes), () =>
        {
            Request.Nodes.Remove(node);
            if (chosen)
            {
                Request.Nodes.Add(node);
            }
        });

    private void SetContainer(bool container) =>
        _wizard.Set(nameof(ServiceDeployRequest.RunType), () =>
        {
            Request.RunType = container ? RunTypes.Container : RunTypes.Native;
            if (container && Request.BaseImageId == 0 && _context!.Images.Count == 1)
            {
                Request.BaseImageId = _context.Images[0].Id;
            }

            _wizard.Forget(nameof(ServiceDeployRequest.BaseImageId));
        });

    private void OnMappingChanged(string field) => _wizard.ForgetUnder(field);

    // Messages of rows are keyed by index; adding or removing a row moves them, so they go.
    private void OnMappingRowsChanged()
    {
        _wizard.ForgetUnder("Volumes[");
        _wizard.ForgetUnder("Ports[");
    }

    private string StepTitle(ServiceDeployStep step) => L[$"ServiceWizard.Step.{step}"];

    private static string DraftName(ServiceDeployRequest data) =>
        data.Application.Length == 0 && data.ServerName.Length == 0 ? "—" : data.ServiceId;

    private static string AdapterField(int index, string part) => $"Adapters[{index}].{part}";

    private static string PortOf(int index, string node) => $"Adapters[{index}].Ports[{node}]";
}
