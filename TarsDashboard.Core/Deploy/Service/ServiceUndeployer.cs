using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Service;

/// <summary>
/// Removes a deployed instance. Refused while it is active (stop it first). On an engine-managed node the dashboard
/// removes the container and the instance's folders (its service folder and its log folder, both under the node's
/// TARS_HOSTPATH) through the engine, then its rows; on a tarsnode's node it sends tarsAdminRegistry the
/// <c>undeploy_tars</c> task as the Tars web platform does, and the framework removes rows and files itself.
/// </summary>
public sealed class ServiceUndeployer
{
    private readonly ServerConfRepository _servers;
    private readonly NodeRepository _nodes;
    private readonly NodeOwnershipReader _ownership;
    private readonly DockerClientPool _clients;
    private readonly BaseImageRepository _images;
    private readonly FrameworkLifecycle _framework;
    private readonly Operations _operations;
    private readonly LiveEventBus _bus;

    internal ServiceUndeployer(ServerConfRepository servers, NodeRepository nodes, NodeOwnershipReader ownership, DockerClientPool clients,
        BaseImageRepository images, FrameworkLifecycle framework, Operations operations, LiveEventBus bus)
    {
        _servers = servers;
        _nodes = nodes;
        _ownership = ownership;
        _clients = clients;
        _images = images;
        _framework = framework;
        _operations = operations;
        _bus = bus;
    }

    /// <returns>What was removed, one line per step, for the confirmation and the audit.</returns>
    /// <exception cref="ValidationFailedException">The instance is active, its container runs, or it no longer exists.</exception>
    public async Task<IReadOnlyList<string>> UndeployAsync(Caller caller, int serverId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var row = await _servers.GetAsync(serverId, cancellationToken)
            ?? throw new ValidationFailedException(new FieldError("Server", "Undeploy.NotFound", "The instance no longer exists."));
        return await _operations.RunAsync(caller, Permission.OperateService, AccessTarget.Service(row.Application, row.ServerName), "service.undeploy",
            $"{row.ServiceId}@{row.NodeName}", async audit =>
            {
                if (row.PresentState is PresentStates.Active or PresentStates.Activating or PresentStates.Deactivating)
                {
                    throw Active(row);
                }

                var owner = await _ownership.ForNodeAsync(row.NodeName, cancellationToken);
                List<string> steps;
                if (owner.Owner == InstanceOwner.Tarsnode)
                {
                    var task = await _framework.RunAsync(caller, TaskCommand.Undeploy, [row], cancellationToken: cancellationToken);
                    steps = [$"sent undeploy_tars to tarsAdminRegistry (task {task.TaskNo})"];
                }
                else if (ServiceLifecycle.Refusal(row, owner) is { Code: "Service.Lifecycle.Conflict" } conflict)
                {
                    throw new ValidationFailedException(conflict);
                }
                else
                {
                    steps = await RemoveFromEngineAsync(row, cancellationToken);
                    if (!await _servers.DeleteWithAdaptersAsync(row, CancellationToken.None))
                    {
                        throw new ValidationFailedException(new FieldError("Server", "Undeploy.NotFound", "The instance no longer exists."));
                    }

                    steps.Add("removed its t_server_conf row and its adapters");
                    _bus.Publish(new ServiceChanged(row.Id, row.Application, row.ServerName, row.NodeName, "undeployed", caller.UserName));
                }

                audit.Detail = string.Join("; ", steps);
                return (IReadOnlyList<string>)steps;
            }, cancellationToken);
    }

    // The container (refused while it runs, whatever the row says) and the folders, through the node's engine.
    private async Task<List<string>> RemoveFromEngineAsync(ServerConfRow row, CancellationToken cancellationToken)
    {
        var steps = new List<string>();
        var node = await _nodes.GetAsync(row.NodeName, cancellationToken);
        if (node is not { HasEngine: true })
        {
            steps.Add("no engine on the node: no container or folder to remove");
            return steps;
        }

        var client = _clients.For(node);
        string? image = null;
        try
        {
            var container = await client.Containers.InspectContainerAsync(row.ServiceId, cancellationToken);
            if (container.State is { Running: true })
            {
                throw Active(row);
            }

            image = container.Image;
            await client.Containers.RemoveContainerAsync(row.ServiceId, new ContainerRemoveParameters(), cancellationToken);
            steps.Add($"removed container {row.ServiceId}");
        }
        catch (DockerContainerNotFoundException)
        {
            steps.Add("no container to remove");
        }

        image ??= row.BaseImageId is { } id ? (await _images.GetAsync(id, cancellationToken))?.Image : null;
        foreach (var (parent, name) in Folders(row, node))
        {
            steps.Add(await RemoveFolderAsync(client, image, parent, name, cancellationToken));
        }

        return steps;
    }

    /// <summary>
    /// The instance's folders on the node host as (parent, name): the service folder when it is tarsnode's usual one
    /// (a custom base_path may hold anything, so it is left alone), and the log folder <c>app_log/App/Server</c>.
    /// </summary>
    internal static IReadOnlyList<(string Parent, string Name)> Folders(ServerConfRow row, NodeRow node)
    {
        var folders = new List<(string, string)>();
        var hostPath = ContainerSpecBuilder.HostPathOf(node);
        var serverDir = ServiceLayout.For(row, null).ServerDir;
        if (serverDir == ServiceFolders.ServerDir(row.Application, row.ServerName))
        {
            var hostServerDir = hostPath is null ? serverDir : ContainerSpecBuilder.HostServerDir(serverDir, hostPath);
            folders.Add((PosixPath.FolderOf(hostServerDir).TrimEnd('/'), row.ServiceId));
        }

        folders.Add(($"{hostPath ?? ServiceFolders.LogDir[..ServiceFolders.LogDir.LastIndexOf('/')]}/app_log/{row.Application}", row.ServerName));
        return folders;
    }

    // A short-lived container of the service's own image (already on the node) deletes the folder: the engine is the
    // dashboard's only way onto the node's disk. The name is passed as one argument to rm, never through a shell. A
    // minimal image may carry rm only inside busybox, so that is tried next; a folder left behind is reported, not fatal.
    private static async Task<string> RemoveFolderAsync(IDockerClient client, string? image, string parent, string name, CancellationToken cancellationToken)
    {
        if (image is null)
        {
            return $"left {parent}/{name}: no image on the node to remove it with";
        }

        const string mount = "/tdash-undeploy";
        string[][] tools = [["rm"], ["busybox", "rm"]];
        var reason = "";
        foreach (var tool in tools)
        {
            var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Image = image,
                Entrypoint = tool,
                Cmd = ["-rf", "--", $"{mount}/{name}"],
                Labels = new Dictionary<string, string> { ["tdash.role"] = "undeploy" },
                HostConfig = new HostConfig { Binds = [$"{parent}:{mount}"], NetworkMode = "none" },
            }, cancellationToken);
            try
            {
                await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
                var waited = await client.Containers.WaitContainerAsync(created.ID, cancellationToken);
                return waited.StatusCode == 0
                    ? $"removed {parent}/{name}"
                    : $"could not remove {parent}/{name} (rm exited {waited.StatusCode.ToString(CultureInfo.InvariantCulture)})";
            }
            catch (DockerApiException exception)
            {
                // The image has no such program (the engine refuses the start); try the next way.
                reason = exception.ResponseBody ?? exception.Message;
            }
            finally
            {
                await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            }
        }

        return $"left {parent}/{name}: the image has no rm ({reason.Trim()})";
    }

    private static ValidationFailedException Active(ServerConfRow row) => new(new FieldError("Server", "Undeploy.Active",
        $"{row.ServiceId} on {row.NodeName} is running; stop it before undeploying.", row.ServiceId, row.NodeName));
}
