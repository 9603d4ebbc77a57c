using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>
/// Runs a <see cref="FrameworkDockerPlan"/> on one node through the Engine API: network, images (local or pulled),
/// then create and start each container, announcing every step on the <see cref="LiveEventBus"/>. A failure stops at
/// that step and leaves what was created in place, listed, for the user to inspect or remove.
/// </summary>
public sealed class FrameworkDockerDeployer
{
    private readonly NodeRepository nodes;
    private readonly DockerClientPool clients;
    private readonly ImageSyncService images;
    private readonly Operations operations;
    private readonly LiveEventBus bus;

    internal FrameworkDockerDeployer(
        NodeRepository nodes,
        DockerClientPool clients,
        ImageSyncService images,
        Operations operations,
        LiveEventBus bus)
    {
        this.nodes = nodes;
        this.clients = clients;
        this.images = images;
        this.operations = operations;
        this.bus = bus;
    }

    public const string AuditAction = "framework.deploy";

    private static readonly TimeSpan EngineCallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Deploys; a refused input or an existing container/network without "replace" throws <see cref="ValidationFailedException"/>.</summary>
    public async Task<FrameworkDeployResult> DeployAsync(Caller caller, string nodeName, FrameworkDockerInput input, string? deploymentId = null,
        CancellationToken cancellationToken = default)
    {
        var id = deploymentId ?? Guid.NewGuid().ToString("N");
        try
        {
            return await operations.RunAsync(caller, Permission.DeployFramework, AccessTarget.Global, AuditAction, nodeName, async scope =>
            {
                var plan = FrameworkDockerPlanBuilder.Build(input);

                // The audit row names what is deployed, never the env (it holds the password).
                scope.After = new
                {
                    network = plan.Network.Name,
                    subnet = plan.Network.Subnet,
                    containers = plan.Containers.Select(c => new { c.Name, c.Image, c.IpAddress }).ToArray(),
                    replace = input.Replace,
                };
                var node = await nodes.GetAsync(nodeName, cancellationToken)
                    ?? throw new ValidationFailedException(new FieldError("Node", "Framework.Deploy.UnknownNode", $"There is no node '{nodeName}'.", nodeName));
                var run = new Run(id, nodeName, bus);
                await RunPlanAsync(run, node, plan, input.Replace, cancellationToken);
                return new FrameworkDeployResult(id, true, null, null, run.Created);
            }, cancellationToken);
        }
        catch (FrameworkDeployFailedException failed)
        {
            return failed.Result;
        }
    }

    private async Task RunPlanAsync(Run run, NodeRow node, FrameworkDockerPlan plan, bool replace, CancellationToken cancellationToken)
    {
        var client = clients.For(node);
        var existing = await run.StepAsync("check existing containers and network", () => FindExistingAsync(client, plan, cancellationToken));
        if (existing.Count > 0 && !replace)
        {
            throw new ValidationFailedException(new FieldError(nameof(FrameworkDockerInput.Replace), "Framework.Deploy.Exists",
                $"Already on the node: {string.Join(", ", existing)}. Tick 'replace' to remove them first.", string.Join(", ", existing)));
        }

        foreach (var container in plan.Containers.Where(c => existing.Contains($"container {c.Name}")))
        {
            await run.StepAsync($"remove container {container.Name}", async () =>
            {
                using var timeout = Timeout(cancellationToken, EngineCallTimeout);
                await client.Containers.RemoveContainerAsync(container.Name, new ContainerRemoveParameters { Force = true }, timeout.Token);
            });
        }

        if (existing.Contains($"network {plan.Network.Name}"))
        {
            await run.StepAsync($"remove network {plan.Network.Name}", async () =>
            {
                using var timeout = Timeout(cancellationToken, EngineCallTimeout);
                await client.Networks.DeleteNetworkAsync(plan.Network.Name, timeout.Token);
            });
        }

        await run.StepAsync($"create network {plan.Network.Name} ({plan.Network.Subnet})", async () =>
        {
            using var timeout = Timeout(cancellationToken, EngineCallTimeout);
            await client.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = plan.Network.Name,
                Driver = plan.Network.Driver,
                IPAM = new IPAM { Driver = "default", Config = [new IPAMConfig { Subnet = plan.Network.Subnet }] },
            }, timeout.Token);
            run.Created.Add($"network {plan.Network.Name}");
        });

        foreach (var image in plan.Containers.Select(c => c.Image).Distinct(StringComparer.Ordinal))
        {
            await run.StepAsync($"image {image}", () => images.EnsureReferenceAsync(node, image, cancellationToken));
        }

        foreach (var container in plan.Containers)
        {
            await run.StepAsync($"create container {container.Name} ({container.IpAddress})", async () =>
            {
                using var timeout = Timeout(cancellationToken, EngineCallTimeout);
                await client.Containers.CreateContainerAsync(container.ToCreateParameters(), timeout.Token);
                run.Created.Add($"container {container.Name}");
            });
            await run.StepAsync($"start container {container.Name}", async () =>
            {
                using var timeout = Timeout(cancellationToken, EngineCallTimeout);
                await client.Containers.StartContainerAsync(container.Name, new ContainerStartParameters(), timeout.Token);
            });
        }
    }

    private static async Task<List<string>> FindExistingAsync(IDockerClient client, FrameworkDockerPlan plan, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken, EngineCallTimeout);
        var found = new List<string>();
        foreach (var container in plan.Containers)
        {
            try
            {
                await client.Containers.InspectContainerAsync(container.Name, timeout.Token);
                found.Add($"container {container.Name}");
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }

        try
        {
            await client.Networks.InspectNetworkAsync(plan.Network.Name, timeout.Token);
            found.Add($"network {plan.Network.Name}");
        }
        catch (DockerApiException notFound) when (notFound.StatusCode == HttpStatusCode.NotFound)
        {
        }

        return found;
    }

    private static CancellationTokenSource Timeout(CancellationToken cancellationToken, TimeSpan after)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(after);
        return source;
    }

    /// <summary>One deployment's step counter and created list; publishes each step as it starts and ends.</summary>
    private sealed class Run(string id, string nodeName, LiveEventBus bus)
    {
        private int _index;

        public List<string> Created { get; } = [];

        public async Task StepAsync(string step, Func<Task> work) => await StepAsync(step, async () =>
        {
            await work();
            return true;
        });

        public async Task<T> StepAsync<T>(string step, Func<Task<T>> work)
        {
            var index = _index++;
            bus.Publish(new FrameworkDeployProgress(id, nodeName, index, step, DeployStepState.Running, null, [.. Created]));
            try
            {
                var result = await work();
                bus.Publish(new FrameworkDeployProgress(id, nodeName, index, step, DeployStepState.Succeeded, null, [.. Created]));
                return result;
            }
            catch (Exception exception) when (exception is not ValidationFailedException)
            {
                var error = exception is OperationCanceledException ? "timed out or cancelled" : exception.Message;
                bus.Publish(new FrameworkDeployProgress(id, nodeName, index, step, DeployStepState.Failed, error, [.. Created]));
                throw new FrameworkDeployFailedException(new FrameworkDeployResult(id, false, step, error, [.. Created]));
            }
        }
    }
}
