using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Node;

/// <summary>
/// Runs the add-node wizard: adds the node (validated and probed by <see cref="NodeService"/>), then optionally pulls
/// every registered image to it and starts a tarsnode container there. Each step is checked and audited on its own; a
/// failed sync or agent start does not undo the node, it is reported on its line of the progress view. A node the
/// wizard starts a tarsnode agent on is added tarsnode-managed: the agent owns its services, the dashboard must not fight it.
/// </summary>
public sealed class NodeDeployer(
    NodeService nodes,
    ImageService images,
    ImageSyncService sync,
    DockerClientPool clients,
    Operations operations)
{
    public const string TarsNodeFieldPrefix = "TarsNode.";

    private static readonly TimeSpan EngineCallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Field errors of the whole request without side effects; tarsnode fields come prefixed with <see cref="TarsNodeFieldPrefix"/>.</summary>
    public async Task<IReadOnlyList<FieldError>> ValidateAsync(Caller caller, NodeDeployRequest request, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>(await nodes.ValidateNewAsync(caller, NodeToAdd(request), cancellationToken));
        if (request.StartTarsNode)
        {
            errors.AddRange(TarsNodeContainerPlan.Validate(request.TarsNode).Select(e => e with { Field = TarsNodeFieldPrefix + e.Field }));
        }

        return errors;
    }

    /// <summary>Runs every step, reporting each as it starts and ends; returns false when any failed.</summary>
    public async Task<bool> DeployAsync(Caller caller, NodeDeployRequest request, IProgress<NodeDeployStep> progress,
        CancellationToken cancellationToken = default)
    {
        var errors = await ValidateAsync(caller, request, cancellationToken);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var name = request.Node.Name.Trim();
        progress.Report(new NodeDeployStep("add", name, DeployStepState.Running));
        NodeRow row;
        NodeOwnership before;
        try
        {
            before = await nodes.OwnershipAsync(caller, name, cancellationToken);
            row = await nodes.AddAsync(caller, NodeToAdd(request), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            progress.Report(new NodeDeployStep("add", name, DeployStepState.Failed, exception.Message));
            throw;
        }

        // Adding an engine-managed node clears a stale tarsnode heartbeat left under its name: say so on its line.
        var cleared = !row.IsTarsnodeManaged && before.Heartbeat is { IsStale: true } stale
            ? $"cleared the stale tarsnode heartbeat of {name} (last {stale.TimeOfDay})"
            : null;
        progress.Report(new NodeDeployStep("add", name, DeployStepState.Succeeded, cleared));
        var ok = true;
        if (request.SyncImages)
        {
            ok &= await SyncImagesAsync(caller, row, progress, cancellationToken);
        }

        if (request.StartTarsNode)
        {
            ok &= await StartTarsNodeAsync(caller, row, request.TarsNode, progress, cancellationToken);
        }

        return ok;
    }

    /// <summary>The node as the wizard adds it: tarsnode-managed when it starts a tarsnode agent there, else as chosen.</summary>
    public static NodeInput NodeToAdd(NodeDeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = request.Node;
        return new NodeInput
        {
            Name = node.Name,
            Endpoint = node.Endpoint,
            TlsCertPath = node.TlsCertPath,
            TarsHostpath = node.TarsHostpath,
            Labels = node.Labels,
            Management = request.StartTarsNode ? NodeManagement.Tarsnode : node.Management,
        };
    }

    private async Task<bool> SyncImagesAsync(Caller caller, NodeRow node, IProgress<NodeDeployStep> progress, CancellationToken cancellationToken)
    {
        var ok = true;
        foreach (var image in await images.ListAsync(caller, cancellationToken))
        {
            progress.Report(new NodeDeployStep("sync", image.Image, DeployStepState.Running));
            try
            {
                var result = await sync.SyncAsync(caller, image.Id, [node.NodeName], cancellationToken);
                var pulled = result.Nodes.Single();
                progress.Report(new NodeDeployStep("sync", image.Image, pulled.Succeeded ? DeployStepState.Succeeded : DeployStepState.Failed, pulled.Error));
                ok &= pulled.Succeeded;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                progress.Report(new NodeDeployStep("sync", image.Image, DeployStepState.Failed, exception.Message));
                ok = false;
            }
        }

        return ok;
    }

    private async Task<bool> StartTarsNodeAsync(Caller caller, NodeRow node, TarsNodeContainerInput input, IProgress<NodeDeployStep> progress,
        CancellationToken cancellationToken)
    {
        var spec = TarsNodeContainerPlan.Build(input);
        progress.Report(new NodeDeployStep("tarsnode", spec.Name, DeployStepState.Running));
        try
        {
            await operations.RunAsync(caller, Permission.ManageNodes, AccessTarget.Global, "node.tarsnode.start", $"{node.NodeName}/{spec.Name}", async audit =>
            {
                audit.After = new { node = node.NodeName, command = spec.ToDockerRunLine() };
                var client = clients.For(node);
                await sync.EnsureReferenceAsync(node, spec.Image, cancellationToken);
                await RefuseExistingAsync(client, spec.Name, cancellationToken);

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(EngineCallTimeout);
                var created = await client.Containers.CreateContainerAsync(spec.ToCreateParameters(), timeout.Token);
                await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token);
            }, cancellationToken);
            progress.Report(new NodeDeployStep("tarsnode", spec.Name, DeployStepState.Succeeded));
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var reason = exception is ValidationFailedException refused ? refused.Message : EngineError.Describe(exception, EngineCallTimeout);
            progress.Report(new NodeDeployStep("tarsnode", spec.Name, DeployStepState.Failed, reason));
            return false;
        }
    }

    private static async Task RefuseExistingAsync(IDockerClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.Containers.InspectContainerAsync(name, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return;
        }

        throw new ValidationFailedException(new FieldError(TarsNodeFieldPrefix + nameof(TarsNodeContainerInput.ContainerName), "TarsNode.ContainerName.Taken",
            $"A container named {name} already exists on this node.", name));
    }
}
