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

    private readonly List<NodeDeployStep> _progress = [];
    private WizardModel<NodeDeployRequest> _wizard = null!;
    private IReadOnlyList<WizardStepDefinition> _stepDefinitions = [];
    private List<BreadcrumbItem> _crumbs = [];
    private NodeHealth? _probe;
    private NodeOwnership? _ownership;
    private string? _agentPreview;
    private int _imageCount;
    private bool? _allowed;
    private Failure? _loadFailure;
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
        _stepDefinitions =
        [
            new("Endpoint", EndpointFields, CheckEndpointAsync),
            new("Identity", IdentityFields, CheckIdentityAsync),
            new("Images", ["SyncImages"]),
            new("Agent", [.. AgentFields, "StartTarsNode"], CheckAgentAsync),
            new("Review", [], DeployAsync),
        ];
        _wizard = new WizardModel<NodeDeployRequest>(DraftKind, () => new NodeDeployRequest(), () => _stepDefinitions, Drafts, Caller.GetAsync, L, Logger,
            StateHasChanged);
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
        _loadFailure = null;
        try
        {
            var caller = await Caller.GetAsync();
            _allowed = await Access.IsAllowedAsync(caller, Permission.ManageNodes, AccessTarget.Global);
            if (_allowed != true)
            {
                return;
            }

            _imageCount = (await Images.ListAsync(caller)).Count;
            await _wizard.LoadDraftAsync();
            UpdatePreview();
        }
        catch (Exception exception)
        {
            _loadFailure = ErrorPolicy.Classify(exception);
            Logger.LogFailure(exception, "Add-node wizard could not load");
        }
    }

    private NodeDeployRequest Request => _wizard.Data;

    private DeployProgressRow[] ProgressRows =>
        [.. _progress.Select(s => new DeployProgressRow(s.Kind, $"{L[$"NodeWizard.Step.{s.Kind}", s.Target]} · {L[$"Wizard.State.{s.State}"]}", s.State, s.Detail))];

    private void Set(Action assign, string field, bool resetProbe = false)
    {
        _wizard.Set(field, assign);
        if (resetProbe)
        {
            _probe = null;
        }
    }

    /// <summary>What the node will be: tarsnode-managed when the wizard starts a tarsnode agent on it (Core decides the same).</summary>
    private string EffectiveManagement => NodeDeployer.NodeToAdd(Request).Management;

    /// <summary>What t_node_info says of a tarsnode for the name typed, to warn before the step is checked.</summary>
    private async Task ReadOwnershipAsync()
    {
        var name = Request.Node.Name.Trim();
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
            Logger.LogWarning(exception, "Add-node wizard could not read node ownership");
            _ownership = null;
        }
    }

    /// <summary>Tests the endpoint and says how it went; whether it answers is only required by Next.</summary>
    private async Task TestAsync() => await _wizard.RunAsync(async () => _probe = await Nodes.TestAsync(await Caller.GetAsync(), ProbeInput()));

    private NodeInput ProbeInput() => new() { Name = "test", Endpoint = Request.Node.Endpoint, TlsCertPath = Request.Node.TlsCertPath };

    /// <summary>An engine that does not answer is a message by the endpoint field; a tested one is not asked again.</summary>
    private async Task<IReadOnlyList<FieldError>> CheckEndpointAsync()
    {
        if (_probe?.State != NodeReachability.Reachable)
        {
            _probe = await Nodes.TestAsync(await Caller.GetAsync(), ProbeInput());
            if (_probe.State != NodeReachability.Reachable)
            {
                return [new FieldError(nameof(NodeInput.Endpoint), "NodeDialog.TestFailed", $"The engine did not answer: {_probe.Error}", _probe.Error ?? "")];
            }
        }

        SuggestAgentDefaults();
        return [];
    }

    private async Task<IReadOnlyList<FieldError>> CheckIdentityAsync()
    {
        var errors = await Nodes.ValidateNewAsync(await Caller.GetAsync(), NodeDeployer.NodeToAdd(Request));
        SuggestAgentDefaults();
        return errors;
    }

    private async Task<IReadOnlyList<FieldError>> CheckAgentAsync()
    {
        var errors = await Deployer.ValidateAsync(await Caller.GetAsync(), Request);
        UpdatePreview();
        return errors;
    }

    /// <summary>The agent talks to this node's engine and keeps its data in the node's TARS_HOSTPATH unless the user chose otherwise.</summary>
    private void SuggestAgentDefaults()
    {
        var agent = Request.TarsNode;
        var endpoint = EngineEndpoint.TryParse(Request.Node.Endpoint, out _);
        if (agent.DockerSocketSource == TarsNodeContainerInput.DockerSocket && endpoint is { IsUnixSocket: true } && endpoint.Uri.AbsolutePath is { Length: > 1 } socket)
        {
            agent.DockerSocketSource = socket;
        }

        if (agent.HostPath == new TarsNodeContainerInput().HostPath && Request.Node.TarsHostpath.Trim().Length > 0)
        {
            agent.HostPath = Request.Node.TarsHostpath.Trim();
        }
    }

    private void UpdatePreview()
    {
        _agentPreview = Request.StartTarsNode && TarsNodeContainerPlan.Validate(Request.TarsNode).Count == 0
            ? TarsNodeContainerPlan.Build(Request.TarsNode).ToDockerRunLines()
            : null;
    }

    /// <summary>
    /// The progress view shows each step live while the node is added. Something changed since the steps were checked
    /// (the name was taken meanwhile, the engine went away): the wizard leads back to the field it concerns.
    /// </summary>
    private async Task<IReadOnlyList<FieldError>> DeployAsync()
    {
        _progress.Clear();
        _running = true;
        _wizard.HandOver();
        StateHasChanged();
        // Not Progress<T>: it posts each report for later, so the last step could land after the result is shown.
        var progress = new SynchronousProgress<NodeDeployStep>(step => InvokeAsync(() =>
        {
            var index = _progress.FindIndex(s => s.Kind == step.Kind && s.Target == step.Target);
            if (index >= 0)
            {
                _progress[index] = step;
            }
            else
            {
                _progress.Add(step);
            }

            StateHasChanged();
        }));

        try
        {
            _succeeded = await Deployer.DeployAsync(await Caller.GetAsync(), Request, progress);
            return [];
        }
        catch
        {
            _probe = null;
            throw;
        }
        finally
        {
            _running = false;
        }
    }

    private async Task StartOverAsync()
    {
        await _wizard.StartOverAsync();
        OnStartedOver();
    }

    private void OnStartedOver()
    {
        _probe = null;
        _ownership = null;
        _agentPreview = null;
        _progress.Clear();
    }

    private sealed record AgentField(string Name, Func<TarsNodeContainerInput, string> Get, Action<TarsNodeContainerInput, string> Set);
}
