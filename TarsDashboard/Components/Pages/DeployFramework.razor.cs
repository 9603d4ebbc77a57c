using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Deploy.Framework;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// Deploy the Tars framework in one of the seed's modes: a stepper whose steps Core validates before the next, a review
/// (commands, manifests or checklist), and for Docker a live progress view. The form is kept as a draft per user.
/// </summary>
public sealed partial class DeployFramework : IAsyncDisposable
{
    private static readonly string[] KubernetesDatabaseFields =
        [nameof(FrameworkKubernetesInput.MySqlHost), nameof(FrameworkKubernetesInput.MySqlPort), nameof(FrameworkKubernetesInput.MySqlUser)];

    private static readonly string[] KubernetesClusterFields =
    [
        nameof(FrameworkKubernetesInput.Namespace), nameof(FrameworkKubernetesInput.FrameworkImage), nameof(FrameworkKubernetesInput.FrameworkTag),
        nameof(FrameworkKubernetesInput.NodeImage), nameof(FrameworkKubernetesInput.NodeTag), nameof(FrameworkKubernetesInput.NodeCount),
        nameof(FrameworkKubernetesInput.Slave), nameof(FrameworkKubernetesInput.VolumeKind), nameof(FrameworkKubernetesInput.HostPath),
        nameof(FrameworkKubernetesInput.StorageSize),
    ];

    private static readonly string[] SourceBuildFields =
    [
        nameof(SourceBuildInput.Os), nameof(SourceBuildInput.Version), nameof(SourceBuildInput.MySqlHost), nameof(SourceBuildInput.MySqlPort),
        nameof(SourceBuildInput.MySqlUser),
    ];

    private static readonly string[] DockerStepNames = ["Database", "Network", "Containers"];

    private static readonly string[] DockerReviewFields = ["Node", nameof(FrameworkDockerInput.Replace)];

    private readonly List<FrameworkDeployProgress> _progress = [];
    private readonly Dictionary<FrameworkDeployMode, IReadOnlyList<WizardStepDefinition>> _stepsByMode = [];
    private WizardModel<FrameworkWizardDraft> _wizard = null!;
    private IReadOnlyList<NodeRow> _nodes = [];
    private FrameworkDeployResult? _result;
    private IJSObjectReference? _module;
    private IDisposable? _subscription;
    private string? _deploymentId;
    private bool? _allowed;
    private bool _loaded;
    private bool _interactive;
    private bool _deploying;

    [Inject]
    private WizardDraftStore Drafts { get; set; } = default!;

    [Inject]
    private FrameworkDockerDeployer Deployer { get; set; } = default!;

    [Inject]
    private NodeService NodeService { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<DeployFramework> Logger { get; set; } = default!;

    private FrameworkWizardDraft Draft => _wizard.Data;

    // The review shows the messages about the node and the replace switch beside them.
    private Dictionary<string, string> ReviewErrors =>
        DockerReviewFields.Where(_wizard.HasError).ToDictionary(f => f, f => _wizard.ErrorFor(f)!, StringComparer.Ordinal);

    private IReadOnlyList<WizardStepDefinition> Steps() =>
        _stepsByMode.TryGetValue(Draft.Mode, out var steps) ? steps : _stepsByMode[Draft.Mode] = StepsOf(Draft.Mode);

    /// <summary>The steps of a mode, the review (commands, manifests or checklist) last.</summary>
    private IReadOnlyList<WizardStepDefinition> StepsOf(FrameworkDeployMode mode) => mode switch
    {
        FrameworkDeployMode.Docker =>
        [
            .. FrameworkDockerValidator.StepFields.Select((fields, step) => new WizardStepDefinition(DockerStepNames[step], [.. fields, .. DockerExtraFields(step)],
                () => Task.FromResult(FrameworkDockerValidator.ValidateStep(Draft.Docker, step)))),
            new("Review", DockerReviewFields),
        ],
        FrameworkDeployMode.Kubernetes =>
        [
            new("Database", [.. KubernetesDatabaseFields, nameof(FrameworkKubernetesInput.MySqlPassword)], () => KubernetesErrors(KubernetesDatabaseFields)),
            new("Cluster", KubernetesClusterFields, () => KubernetesErrors(KubernetesClusterFields)),
            new("Review", []),
        ],
        _ =>
        [
            new("Build", SourceBuildFields, () => Task.FromResult(SourceBuildChecklist.Validate(Draft.Source))),
            new("Checklist", []),
        ],
    };

    // The containers step also shows the Slave switch, which no rule checks.
    private static string[] DockerExtraFields(int step) => step == 2 ? [nameof(FrameworkDockerInput.Slave)] : [];

    private Task<IReadOnlyList<FieldError>> KubernetesErrors(string[] fields) =>
        Task.FromResult<IReadOnlyList<FieldError>>([.. FrameworkKubernetesValidator.Validate(Draft.Kubernetes).Where(e => fields.Contains(e.Field))]);

    protected override async Task OnInitializedAsync()
    {
        _wizard = new WizardModel<FrameworkWizardDraft>(FrameworkWizardDraft.Kind, Fresh, Steps, Drafts, Caller.GetAsync, L, Logger, StateHasChanged);
        try
        {
            var caller = await Caller.GetAsync();
            _allowed = await Access.IsAllowedAsync(caller, Permission.DeployFramework, AccessTarget.Global);
            if (_allowed != true)
            {
                return;
            }

            // The framework is deployed through a node's engine: a node registered without one cannot take it.
            _nodes = [.. (await NodeService.ListAsync(caller)).Where(n => n.HasEngine)];
            _wizard.Data = Fresh();
            await _wizard.LoadDraftAsync(resumeAt: saved => saved.Data.Mode == FrameworkDeployMode.KubernetesIntegrated ? null : saved.Step);
            Draft.NodeName ??= DefaultNode;
        }
        catch (Exception exception) when (exception is not AccessDeniedException)
        {
            Logger.LogFailure(exception, "Loading the framework wizard failed");
            _wizard.SetAlert(L.Describe(exception));
        }
        finally
        {
            _loaded = true;
        }
    }

    // Prerendering runs OnInitializedAsync too; the page is ready for input only once the circuit has rendered it.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private string? DefaultNode => _nodes.Count == 1 ? _nodes[0].NodeName : null;

    private FrameworkWizardDraft Fresh() => new() { NodeName = DefaultNode };

    private async Task ModeChangedAsync(FrameworkDeployMode mode)
    {
        if (mode == FrameworkDeployMode.KubernetesIntegrated || mode == Draft.Mode)
        {
            return;
        }

        Draft.Mode = mode;
        await _wizard.StepsChangedAsync();
    }

    private async Task StartOverAsync()
    {
        await _wizard.StartOverAsync();
        _progress.Clear();
        _result = null;
    }

    private async Task NodeChangedAsync(string node)
    {
        _wizard.Set("Node", () => Draft.NodeName = node);
        await _wizard.SaveDraftAsync();
    }

    private async Task DeployAsync()
    {
        if (string.IsNullOrEmpty(Draft.NodeName) || _deploying)
        {
            return;
        }

        _result = null;
        _progress.Clear();
        _deploying = true;
        _deploymentId = Guid.NewGuid().ToString("N");
        _subscription?.Dispose();
        _subscription = Bus.Subscribe(OnLiveEventAsync);
        try
        {
            await _wizard.RunAsync(async () =>
            {
                try
                {
                    _result = await Deployer.DeployAsync(await Caller.GetAsync(), Draft.NodeName, Draft.Docker, _deploymentId);
                }
                catch (Exception exception) when (exception is not (ValidationFailedException or AccessDeniedException))
                {
                    // The message names a step or an engine error, never the env (which holds the password).
                    Logger.LogWarning(exception, "Deploying the framework to {Node} failed", Draft.NodeName);
                    _wizard.SetAlert(exception.Message);
                }
            });
            if (_result?.Succeeded == true)
            {
                await _wizard.DeleteDraftAsync();
            }
        }
        finally
        {
            _deploying = false;
        }
    }

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is not FrameworkDeployProgress progress || progress.DeploymentId != _deploymentId)
        {
            return Task.CompletedTask;
        }

        return InvokeAsync(() =>
        {
            // One row per step: its Running entry is replaced by Done or Failed.
            var index = _progress.FindIndex(p => p.Index == progress.Index);
            if (index >= 0)
            {
                _progress[index] = progress;
            }
            else
            {
                _progress.Add(progress);
            }

            StateHasChanged();
        });
    }

    private string KubernetesPreview()
    {
        try
        {
            return FrameworkKubernetesManifests.Render(Draft.Kubernetes);
        }
        catch (ValidationFailedException)
        {
            return "";
        }
    }

    private IReadOnlyList<SourceBuildStep> SourceChecklist()
    {
        try
        {
            return SourceBuildChecklist.For(Draft.Source);
        }
        catch (ValidationFailedException)
        {
            return [];
        }
    }

    private async Task DownloadYamlAsync()
    {
        // The downloaded file carries the password typed in this session (in the Secret); the preview never does.
        var yaml = FrameworkKubernetesManifests.Render(Draft.Kubernetes, Draft.Kubernetes.MySqlPassword);
        await CallModuleAsync("download", "tars-framework.yaml", yaml);
    }

    private async Task CopyAsync(string text)
    {
        if (await CallModuleAsync("copy", text))
        {
            Snackbar.Add(L["Framework.Copied"], Severity.Success);
        }
    }

    private async Task<bool> CallModuleAsync(string function, params object[] arguments)
    {
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/DeployFramework.razor.js");
            await _module.InvokeVoidAsync(function, arguments);
            return true;
        }
        catch (Exception exception) when (exception is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            Snackbar.Add(L["Framework.CopyFailed"], Severity.Warning);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }
    }
}
