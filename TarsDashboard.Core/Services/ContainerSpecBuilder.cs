using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Turns a service instance into the container tarsnode would create for it: name <c>App.Server</c>, the node's host
/// network and IPC, the service and log folders bind-mounted at the same paths, <c>/etc/localtime</c>, the template's
/// <c>&lt;volumes&gt;</c>, and the start script in the exe path (<c>&lt;serverDir&gt;/bin/tars_start.sh</c> unless exe_path says
/// otherwise, see <see cref="ServiceLayout"/>) as the entrypoint. Pure: no I/O.
/// </summary>
/// <remarks>
/// When tarsnode runs in a container (the node has TARS_HOSTPATH), the paths it sees are not the engine's host paths:
/// the sources of the service and log folders become <c>$TARS_HOSTPATH/tarsnode-data/App.Server</c> and
/// <c>$TARS_HOSTPATH/app_log</c> (a base_path outside tarsnode's data folder is bound at the same path, as tarsnode does). Template volumes are written as host paths and are used as given. Template
/// <c>&lt;ports&gt;</c> (and adapter ports) are published only off the host network, where they mean something.
/// </remarks>
public static class ContainerSpecBuilder
{
    public const string LocalTime = "/etc/localtime";

    /// <param name="server">The instance (application, server, node).</param>
    /// <param name="mergedConfig">tars.default ... template ... private profile, merged (see <see cref="TarsConfigMerger.MergeChain"/>).</param>
    /// <param name="node">The node as the dashboard knows it (for TARS_HOSTPATH); null when it is not registered.</param>
    /// <param name="image">The image reference (t_base_image.image).</param>
    /// <exception cref="ValidationFailedException">The image is missing, or the merged volumes or ports are not usable.</exception>
    public static ContainerSpec Build(ServerConfRow server, TarsConfigDocument mergedConfig, NodeRow? node, string image,
        ContainerSpecOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(mergedConfig);
        options ??= ContainerSpecOptions.Default;

        var layout = ServiceLayout.For(server, mergedConfig);
        var serverDir = layout.ServerDir;
        var read = ContainerSettingsReader.Read(mergedConfig);
        var errors = read.Errors.Concat(ContainerSettingsValidator.Validate(read.Settings, serverDir, ServiceFolders.LogDir)).ToList();
        if (string.IsNullOrWhiteSpace(image))
        {
            errors.Add(new FieldError(nameof(ServiceEditInput.BaseImageId), "Service.Image.Required", "Choose the image the service runs on."));
        }

        var hostPath = HostPathOf(node);
        if (hostPath is not null && hostPath.Any(c => c == ':' || char.IsControl(c)))
        {
            // Docker splits a bind at ':'; the node form does not refuse it because only container mode cares.
            errors.Add(new FieldError(nameof(NodeRow.TarsHostpath), "Service.Node.HostPathInvalid",
                $"TARS_HOSTPATH of node {server.NodeName} contains ':' or a control character; fix it on the Nodes page.", server.NodeName));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var binds = new List<ContainerBind>
        {
            new(hostPath is null ? serverDir : HostServerDir(serverDir, hostPath), serverDir),
            new(hostPath is null ? ServiceFolders.LogDir : $"{hostPath}/app_log", ServiceFolders.LogDir),
            new(LocalTime, LocalTime, ReadOnly: true),
        };
        binds.AddRange(read.Settings.Volumes.Select(v => new ContainerBind(v.HostPath.Trim(), v.ContainerPath.Trim())));

        var hostNetwork = string.Equals(options.NetworkMode, ContainerSpec.HostNetwork, StringComparison.Ordinal);
        return new ContainerSpec
        {
            Name = $"{server.Application}.{server.ServerName}",
            Image = image.Trim(),
            Entrypoint = [layout.StartScriptFile],
            NetworkMode = options.NetworkMode,
            Binds = binds,
            Ports = hostNetwork ? [] : PublishedPorts(read.Settings.Ports, options.AdapterEndpoints),
            Labels =
            [
                new("tars.app", server.Application),
                new("tars.server", server.ServerName),
                new("tars.node", server.NodeName),
            ],
        };
    }

    // tarsnode replaces its data folder at the start of the service folder by $TARS_HOSTPATH/tarsnode-data.
    internal static string HostServerDir(string serverDir, string hostPath) =>
        PosixPath.IsUnder(serverDir, ServiceFolders.NodeDataDir)
            ? $"{hostPath}/tarsnode-data{serverDir[ServiceFolders.NodeDataDir.Length..]}"
            : serverDir;

    internal static string? HostPathOf(NodeRow? node)
    {
        var path = node?.TarsHostpath?.Trim().TrimEnd('/');
        return string.IsNullOrEmpty(path) ? null : path;
    }

    // The template's mappings first; an adapter port the template does not publish is published on the same number.
    private static List<ContainerPortBinding> PublishedPorts(IReadOnlyList<PortMapping> templatePorts, IReadOnlyList<EndpointText> adapters)
    {
        var ports = templatePorts
            .Select(p => new ContainerPortBinding(p.ContainerPort, p.Protocol.Trim().ToLowerInvariant(), p.HostIp.Trim(), p.HostPort))
            .ToList();
        foreach (var endpoint in adapters)
        {
            var protocol = endpoint.Transport == "udp" ? "udp" : "tcp";
            if (!ports.Any(p => p.ContainerPort == endpoint.Port && p.Protocol == protocol))
            {
                ports.Add(new ContainerPortBinding(endpoint.Port, protocol, "", endpoint.Port));
            }
        }

        return ports;
    }
}
