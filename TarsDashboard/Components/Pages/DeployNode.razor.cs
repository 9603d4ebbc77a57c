using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Deploy.Node;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// The add-node wizard: endpoint (tested), name and labels, image sync, an optional tarsnode container, review, then
/// live progress. Each step is checked by Core before the next; the draft is kept per user so a wizard left half-way resumes.
/// </summary>
public sealed partial class DeployNode
{
    public const string DraftKind = "node";

    private const int ReviewStep = 4;

    private static readonly string[] EndpointFields = [nameof(NodeInput.Endpoint), nameof(NodeInput.TlsCertPath)];
    private static readonly string[] IdentityFields =
        [nameof(NodeInput.Name), nameof(NodeInput.Management), nameof(NodeInput.Labels), nameof(NodeInput.TarsHostpath)];

    private static readonly AgentField[] AgentFieldViews =
    [
        new(nameof(TarsNodeContainerInput.ContainerName), i => i.ContainerName, (i, v) => i.ContainerName = v),
        new(nameof(TarsNodeContainerInput.Image), i => i.Image, (i, v) => i.Image = v),
        new(nameof(TarsNodeContainerInput.WebHost), i => i.WebHost, (i, v) => i.WebHost = v),
        new(nameof(TarsNodeContainerInput.Inet), i => i.Inet, (i, v) => i.Inet = v),
        new(nameof(TarsNodeContainerInput.HostPath), i => i.HostPath, (i, v) => i.HostPath = v),
        new(nameof(TarsNodeContainerInput.DockerSocketSource), i => i.DockerSocketSource, (i, v) => i.DockerSocketSource = v),
        new(nameof(TarsNodeContainerInput.Network), i => i.Network, (i, v) => i.Network = v),
        new(nameof(TarsNodeContainerInput.Ports), i => i.Ports, (i, v) => i.Ports = v),
    ];

    private static readonly string[] AgentFields = [.. AgentFieldViews.Select(f => NodeDeployer.TarsNodeFieldPrefix + f.Name)];

    private FormRunner _form = null!;
    private List<BreadcrumbItem> _crumbs = [];
    private MudStepper? _stepper;
    private NodeDeployRequest _request = new();
    private NodeHealth? _probe;
    private NodeOwnership? _ownership;
    private List<NodeDeployStep>? _steps;
    private DateTime? _draftSavedAt;
    private string? _agentPreview;
    private int _active;
    private int _imageCount;
    private bool? _allowed;
    private bool _loadFailed;
    private bool _interactive;
    private bool _running;
    private bool _succeeded;

    [Inject]
    private NodeService Nodes { get; set; } = default!;

    [Inject]
    private NodeDeployer Deployer { get; set; } = default!;

    [Inject]
    private ImageService Images { get; set; } = default!;

    [Inject]
    private WizardDraftStore Drafts { get; set; } = default!;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<DeployNode> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _form = NewForm();
        _crumbs = [new(L["Nav.Deploy"], "/deploy"), new(L["NodeWizard.Title"], null, disabled: true)];
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
        _loadFailed = false;
        try
        {
            var caller = await Caller.GetAsync();
            _allowed = await Access.IsAllowedAsync(caller, Permission.ManageNodes, AccessTarget.Global);
            if (_allowed != true)
            {
                return;
            }

            _imageCount = (await Images.ListAsync(caller)).Count;
            if (await Drafts.LoadAsync<NodeDeployRequest>(caller, DraftKind) is { } resumed)
            {
                _request = resumed.Data;
                _active = Math.Clamp(resumed.Step, 0, ReviewStep);
                _draftSavedAt = resumed.UpdatedAt;
                UpdatePreview();
            }
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Add-node wizard could not load: {Reason}", exception.Message);
            _loadFailed = true;
        }
    }

    private void Set(Action assign, string field, bool resetProbe = false)
    {
        assign();
        _form.Forget(field);
        if (resetProbe)
        {
            _probe = null;
        }
    }

    /// <summary>What the node will be: tarsnode-managed when the wizard starts a tarsnode agent on it (Core decides the same).</summary>
    private string EffectiveManagement => NodeDeployer.NodeToAdd(_request).Management;

    /// <summary>What t_node_info says of a tarsnode for the name typed, to warn before the step is checked.</summary>
    private async Task ReadOwnershipAsync()
    {
        var name = _request.Node.Name.Trim();
        if (name.Length == 0 || _ownership?.NodeName == name)
        {
            return;
        }

        try
        {
            _ownership = await Nodes.OwnershipAsync(await Caller.GetAsync(), name);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Logger.LogWarning("Add-node wizard could not read node ownership: {Reason}", exception.Message);
            _ownership = null;
        }
    }

    private bool HasError(string field) => _form.HasError(field);

    private string? ErrorFor(string field) => _form.ErrorFor(field);

    private bool HasErrors(IEnumerable<string> fields) => fields.Any(_form.HasError);

    private FormRunner NewForm() => new(L, [.. EndpointFields, .. IdentityFields, .. AgentFields], StateHasChanged);

    private Task TestAsync() => ProbeAsync(requireReachable: false);

    /// <summary>Tests the endpoint; for Next, an engine that does not answer is a message by the endpoint field.</summary>
    private Task<bool> ProbeAsync(bool requireReachable) => RunStepCheckAsync(EndpointFields, async caller =>
    {
        var input = new NodeInput { Name = "test", Endpoint = _request.Node.Endpoint, TlsCertPath = _request.Node.TlsCertPath };
        _probe = await Nodes.TestAsync(caller, input);
        return requireReachable && _probe.State != NodeReachability.Reachable
            ? [new FieldError(nameof(NodeInput.Endpoint), "NodeDialog.TestFailed", $"The engine did not answer: {_probe.Error}", _probe.Error ?? "")]
            : [];
    });

    /// <summary>Going forward needs the current step to pass; going back or to an earlier step is always allowed.</summary>
    private async Task OnPreviewInteractionAsync(StepperInteractionEventArgs args)
    {
        if (args.Action != StepAction.Complete && (args.Action != StepAction.Activate || args.StepIndex <= _active))
        {
            return;
        }

        if (args.Action == StepAction.Activate)
        {
            // Jumping ahead by clicking a later step's title skips checks; only Next moves forward.
            args.Cancel = true;
            return;
        }

        var ok = _active switch
        {
            0 => await CheckEndpointAsync(),
            1 => await RunStepCheckAsync(IdentityFields, async caller => await Nodes.ValidateNewAsync(caller, NodeDeployer.NodeToAdd(_request))),
            3 => await RunStepCheckAsync(AgentFields, async caller => await Deployer.ValidateAsync(caller, _request)),
            _ => true,
        };
        if (!ok)
        {
            args.Cancel = true;
            return;
        }

        if (_active is 0 or 1)
        {
            SuggestAgentDefaults();
        }

        if (_active == 3)
        {
            UpdatePreview();
        }

        if (_active == ReviewStep)
        {
            args.Cancel = true; // the progress view replaces the stepper
            await DeployAsync();
        }
    }

    private async Task OnActiveIndexChangedAsync(int index)
    {
        _active = index;
        await SaveDraftAsync();
    }

    private async Task<bool> CheckEndpointAsync() => _probe?.State == NodeReachability.Reachable || await ProbeAsync(requireReachable: true);

    /// <summary>Runs a Core check; its errors about this step's fields show by them, and the step stays.</summary>
    private Task<bool> RunStepCheckAsync(IReadOnlyCollection<string> fields, Func<Caller, Task<IReadOnlyList<FieldError>>> check) =>
        _form.RunAsync(async () =>
        {
            var errors = (await check(await Caller.GetAsync())).Where(e => fields.Contains(e.Field)).ToList();
            if (errors.Count > 0)
            {
                throw new ValidationFailedException(errors);
            }
        }, exception => Logger.LogWarning("Add-node wizard check failed: {Reason}", exception.Message));

    /// <summary>The agent talks to this node's engine and keeps its data in the node's TARS_HOSTPATH unless the user chose otherwise.</summary>
    private void SuggestAgentDefaults()
    {
        var agent = _request.TarsNode;
        var endpoint = EngineEndpoint.TryParse(_request.Node.Endpoint, out _);
        if (agent.DockerSocketSource == TarsNodeContainerInput.DockerSocket && endpoint is { IsUnixSocket: true } && endpoint.Uri.AbsolutePath is { Length: > 1 } socket)
        {
            agent.DockerSocketSource = socket;
        }

        if (agent.HostPath == new TarsNodeContainerInput().HostPath && _request.Node.TarsHostpath.Trim().Length > 0)
        {
            agent.HostPath = _request.Node.TarsHostpath.Trim();
        }
    }

    private void UpdatePreview()
    {
        _agentPreview = _request.StartTarsNode && TarsNodeContainerPlan.Validate(_request.TarsNode).Count == 0
            ? TarsNodeContainerPlan.Build(_request.TarsNode).ToDockerRunLines()
            : null;
    }

    private async Task SaveDraftAsync()
    {
        try
        {
            await Drafts.SaveAsync(await Caller.GetAsync(), DraftKind, _active, _request);
        }
        catch (Exception exception)
        {
            // Losing the draft only costs a resume; the wizard itself goes on.
            Logger.LogWarning("Add-node wizard draft not saved: {Reason}", exception.Message);
        }
    }

    private async Task DeployAsync()
    {
        _steps = [];
        _running = true;
        StateHasChanged();
        var caller = await Caller.GetAsync();
        // Not Progress<T>: it posts each report for later, so the last step could land after the result is shown.
        var progress = new SynchronousProgress<NodeDeployStep>(step => InvokeAsync(() =>
        {
            var index = _steps.FindIndex(s => s.Kind == step.Kind && s.Target == step.Target);
            if (index >= 0)
            {
                _steps[index] = step;
            }
            else
            {
                _steps.Add(step);
            }

            StateHasChanged();
        }));

        var accepted = await _form.RunAsync(async () =>
        {
            _succeeded = await Deployer.DeployAsync(caller, _request, progress);
            await Drafts.DeleteAsync(caller, DraftKind);
        }, exception => Logger.LogWarning("Add-node wizard failed: {Reason}", exception.Message));
        _running = false;
        if (!accepted)
        {
            // Something changed since the step was checked (the name was taken meanwhile, the engine went away):
            // back to the step whose field it concerns, or to the review with the alert.
            _steps = null;
            _probe = null;
            _active = HasErrors(AgentFields) ? 3 : HasErrors(EndpointFields) ? 0 : HasErrors(IdentityFields) ? 1 : ReviewStep;
        }
    }

    private async Task StartOverAsync()
    {
        try
        {
            await Drafts.DeleteAsync(await Caller.GetAsync(), DraftKind);
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Add-node wizard draft not deleted: {Reason}", exception.Message);
        }

        _request = new NodeDeployRequest();
        _form = NewForm();
        _probe = null;
        _ownership = null;
        _steps = null;
        _draftSavedAt = null;
        _active = 0;
        if (_stepper is not null)
        {
            await _stepper.ResetAsync();
        }
    }


    private sealed record AgentField(string Name, Func<TarsNodeContainerInput, string> Get, Action<TarsNodeContainerInput, string> Set);
}
