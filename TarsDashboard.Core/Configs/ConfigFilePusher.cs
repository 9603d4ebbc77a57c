using Docker.DotNet;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Configs;

/// <summary>
/// Delivers one merged config file to one instance, the way the node's owner takes it: through the engine into the
/// service's folder on an engine-managed node, through tarsAdminRegistry's <c>notifyServer</c> on a tarsnode's node.
/// No caller check: <see cref="ConfigFileService.PushAsync"/> has made it.
/// </summary>
internal sealed class ConfigFilePusher(NodeOwnershipReader ownership, NodeRepository nodes, DockerClientPool clients,
    ServicePackageUploader uploader, AdminRegistryConnector framework)
{
    private static readonly TimeSpan EngineTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The command a Tars service answers by fetching the file from tarsconfig again (RemoteConfig::addConfig).</summary>
    public static string LoadConfigCommand(string filename) => "tars.loadconfig " + filename;

    public async Task<ConfigPushResult> PushAsync(ServerConfRow instance, string filename, string text, CancellationToken cancellationToken)
    {
        var owner = await ownership.ForNodeAsync(instance.NodeName, cancellationToken);
        return owner.Owner switch
        {
            InstanceOwner.Tarsnode => await NotifyAsync(instance, filename, cancellationToken),
            InstanceOwner.Conflict => new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Refused,
                $"a tarsnode sends heartbeats for {instance.NodeName} while it is registered as engine-managed; register it as tarsnode-managed."),
            _ when !RunTypes.IsContainer(instance.RunType) => new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Refused,
                "a native service on an engine-managed node is not run by the dashboard; switch it to container mode."),
            _ => await WriteAsync(instance, filename, text, cancellationToken),
        };
    }

    // tarsnode relays the command to the service's AdminObj; the service then loads the file from tarsconfig, which
    // merges it from db_tars itself, so nothing but the command is sent.
    private async Task<ConfigPushResult> NotifyAsync(ServerConfRow instance, string filename, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await framework.CallAsync(client => client.NotifyServerAsync(instance.Application, instance.ServerName, instance.NodeName,
                LoadConfigCommand(filename), cancellationToken), cancellationToken);
            return reply.Ret == 0
                ? new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Notified, reply.Result)
                : new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Failed, $"notifyServer returned {reply.Ret}: {reply.Result}");
        }
        catch (FrameworkUnreachableException exception)
        {
            return new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Failed, exception.Message);
        }
        catch (ValidationFailedException exception)
        {
            return new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Failed, exception.Message);
        }
    }

    /// <summary>
    /// Writes the merged text where the service's <c>addConfig</c> would put it: <c>basepath + filename</c>, the basepath
    /// being the exe path (<c>&lt;serverDir&gt;/bin/</c>, <see cref="ServiceLayout.ExePath"/>), which is inside the bind-mounted
    /// service folder, so the file is on the node and outlives the container.
    /// </summary>
    /// <remarks>
    /// Nothing is sent to a running container afterwards: there is no tarsnode on the node to relay <c>tars.loadconfig</c>,
    /// the dashboard does not call a service's AdminObj itself, and <c>tars.loadconfig</c> would make the service fetch the
    /// file from tarsconfig, which on an engine-managed node may not be there and would overwrite the file just written.
    /// The service reads the new file at its next start or when its own code re-reads it.
    /// </remarks>
    private async Task<ConfigPushResult> WriteAsync(ServerConfRow instance, string filename, string text, CancellationToken cancellationToken)
    {
        var node = await nodes.GetAsync(instance.NodeName, cancellationToken);
        if (node is null)
        {
            return new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Refused, $"{instance.NodeName} is not a registered node.");
        }

        var path = ServiceLayout.For(instance, null).ExePath + filename;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(EngineTimeout);
        try
        {
            var container = await clients.For(node).Containers.InspectContainerAsync(instance.ServiceId, timeout.Token);
            if (!ServiceContainerLabels.AreOnContainer(container.Config?.Labels))
            {
                return new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Refused,
                    $"the container {instance.ServiceId} on {instance.NodeName} was not made by the dashboard; it is left alone.");
            }

            await uploader.WriteFileAsync(node, container.ID, path, text, ServicePackageUploader.Readable, timeout.Token);
            return new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Written,
                container.State is { Running: true } ? "written; the service reads it when it loads the file again" : "written", path);
        }
        catch (DockerContainerNotFoundException)
        {
            return new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Refused,
                $"{instance.ServiceId} has no container on {instance.NodeName}; start the service, then push again.");
        }
        catch (Exception exception) when (exception is DockerApiException or HttpRequestException or OperationCanceledException or IOException
                                              or NodeHasNoEngineException)
        {
            return new ConfigPushResult(instance.NodeName, ConfigPushOutcome.Failed, exception.Message, path);
        }
    }
}
