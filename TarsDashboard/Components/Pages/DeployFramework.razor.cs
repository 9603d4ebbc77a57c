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
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private readonly List<FrameworkDeployProgress> _progress = [];
    private FrameworkWizardDraft _draft = new();
    private IReadOnlyList<NodeRow> _nodes = [];
    private FrameworkDeployResult? _result;
    private IJSObjectReference? _module;
    private IDisposable? _subscription;
    private string? _deploymentId;
    private string? _alert;
    private string? _resumedAt;
    private bool? _allowed;
    private bool _loaded;
    private bool _interactive;
    private bool _deploying;
    private int _step;

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

    /// <summary>The index of the review (last) step of the current mode.</summary>
    private int LastStep => _draft.Mode switch
    {
        FrameworkDeployMode.Docker => 3,
        FrameworkDeployMode.Kubernetes => 2,
        _ => 1,
    };

    protected override async Task OnInitializedAsync()
    {
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
            if (await Drafts.LoadAsync<FrameworkWizardDraft>(caller, FrameworkWizardDraft.Kind) is { } resumed && resumed.Data.Mode != FrameworkDeployMode.KubernetesIntegrated)
            {
                _draft = resumed.Data;
                _step = Math.Clamp(resumed.Step, 0, LastStep);
                _resumedAt = UtcTime.Minutes(resumed.UpdatedAt);
            }

            _draft.NodeName ??= _nodes.Count == 1 ? _nodes[0].NodeName : null;
        }
        catch (Exception exception) when (exception is not AccessDeniedException)
        {
            Logger.LogWarning("Loading the framework wizard failed: {Reason}", exception.Message);
            _alert = L["Database.NotReachable"];
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

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    // Every edit clears the field's message: it described the old value; Next checks the new one.
    private void Set(string field, Action apply)
    {
        apply();
        _errors.Remove(field);
    }

    private async Task ModeChangedAsync(FrameworkDeployMode mode)
    {
        if (mode == FrameworkDeployMode.KubernetesIntegrated || mode == _draft.Mode)
        {
            return;
        }

        _draft.Mode = mode;
        _step = 0;
        _errors.Clear();
        _alert = null;
        await SaveDraftAsync();
    }

    private void StepChanged(int step) => _step = step;

    /// <summary>Header clicks may go back freely; forward only through Next, which validates.</summary>
    private Task PreviewStepAsync(StepperInteractionEventArgs args)
    {
        if (args.Action == StepAction.Activate && args.StepIndex > _step)
        {
            args.Cancel = true;
        }

        return Task.CompletedTask;
    }

    private async Task NextAsync()
    {
        _alert = null;
        _errors.Clear();
        var errors = ValidateStep(_step);
        if (errors.Count > 0)
        {
            _alert = FieldErrors.Place(new ValidationFailedException(errors), [.. errors.Select(e => e.Field)], _errors, L) ?? L["Framework.FixErrors"];
            return;
        }

        _step = Math.Min(_step + 1, LastStep);
        await SaveDraftAsync();
    }

    private async Task BackAsync()
    {
        _alert = null;
        _errors.Clear();
        _step = Math.Max(0, _step - 1);
        await SaveDraftAsync();
    }

    private IReadOnlyList<FieldError> ValidateStep(int step)
    {
        switch (_draft.Mode)
        {
            case FrameworkDeployMode.Docker when step < 3:
                return FrameworkDockerValidator.ValidateStep(_draft.Docker, step);
            case FrameworkDeployMode.Kubernetes when step < 2:
                string[] database = [nameof(FrameworkKubernetesInput.MySqlHost), nameof(FrameworkKubernetesInput.MySqlPort), nameof(FrameworkKubernetesInput.MySqlUser)];
                return [.. FrameworkKubernetesValidator.Validate(_draft.Kubernetes).Where(e => database.Contains(e.Field) == (step == 0))];
            case FrameworkDeployMode.Source when step == 0:
                return SourceBuildChecklist.Validate(_draft.Source);
            default:
                return [];
        }
    }

    private async Task StartOverAsync()
    {
        _draft = new FrameworkWizardDraft { NodeName = _nodes.Count == 1 ? _nodes[0].NodeName : null };
        _step = 0;
        _errors.Clear();
        _alert = null;
        _resumedAt = null;
        _progress.Clear();
        _result = null;
        try
        {
            await Drafts.DeleteAsync(await Caller.GetAsync(), FrameworkWizardDraft.Kind);
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Removing the framework wizard draft failed: {Reason}", exception.Message);
        }
    }

    // The draft never holds the password ([JsonIgnore] on the inputs); failing to save only loses the resume point.
    private async Task SaveDraftAsync()
    {
        try
        {
            await Drafts.SaveAsync(await Caller.GetAsync(), FrameworkWizardDraft.Kind, _step, _draft);
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Saving the framework wizard draft failed: {Reason}", exception.Message);
        }
    }

    private async Task NodeChangedAsync(string node)
    {
        _draft.NodeName = node;
        _errors.Remove("Node");
        await SaveDraftAsync();
    }

    private async Task DeployAsync()
    {
        if (string.IsNullOrEmpty(_draft.NodeName) || _deploying)
        {
            return;
        }

        _alert = null;
        _errors.Clear();
        _result = null;
        _progress.Clear();
        _deploying = true;
        _deploymentId = Guid.NewGuid().ToString("N");
        _subscription?.Dispose();
        _subscription = Bus.Subscribe(OnLiveEventAsync);
        try
        {
            _result = await Deployer.DeployAsync(await Caller.GetAsync(), _draft.NodeName, _draft.Docker, _deploymentId);
            if (_result.Succeeded)
            {
                await Drafts.DeleteAsync(await Caller.GetAsync(), FrameworkWizardDraft.Kind);
            }
        }
        catch (ValidationFailedException refused)
        {
            string[] fields = ["Node", nameof(FrameworkDockerInput.Replace)];
            _alert = FieldErrors.Place(refused, fields, _errors, L);
            if (_errors.Count == 0 && _alert is null)
            {
                _alert = L["Framework.FixErrors"];
            }
        }
        catch (AccessDeniedException)
        {
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            // The message names a step or an engine error, never the env (which holds the password).
            Logger.LogWarning("Deploying the framework to {Node} failed: {Reason}", _draft.NodeName, exception.Message);
            _alert = exception.Message;
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
            return FrameworkKubernetesManifests.Render(_draft.Kubernetes);
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
            return SourceBuildChecklist.For(_draft.Source);
        }
        catch (ValidationFailedException)
        {
            return [];
        }
    }

    private async Task DownloadYamlAsync()
    {
        // The downloaded file carries the password typed in this session (in the Secret); the preview never does.
        var yaml = FrameworkKubernetesManifests.Render(_draft.Kubernetes, _draft.Kubernetes.MySqlPassword);
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
