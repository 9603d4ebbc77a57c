using Docker.DotNet.Models;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The container a container-mode service runs in, as the dashboard creates it on the service's node: built by
/// <see cref="ContainerSpecBuilder"/>, sent to the engine with <see cref="ToCreateParameters"/>, shown to people with
/// <see cref="ToDockerRunLine"/>.
/// </summary>
public sealed record ContainerSpec
{
    public const string HostNetwork = "host";

    /// <summary><c>App.Server</c>, as tarsnode names it (one instance of a service per node, so unique on the engine).</summary>
    public required string Name { get; init; }

    /// <summary>The image reference from <c>t_base_image.image</c>.</summary>
    public required string Image { get; init; }

    /// <summary><c>&lt;serverDir&gt;/bin/tars_start.sh</c>: the start script written before every start, as tarsnode does (<see cref="StartScript"/>).</summary>
    public required IReadOnlyList<string> Entrypoint { get; init; }

    /// <summary><c>host</c> on Linux nodes: the service listens on the node's own addresses, so ports need no mapping.</summary>
    public string NetworkMode { get; init; } = HostNetwork;

    /// <summary><c>host</c>: tarsnode asks for it but never applies it; the dashboard applies it. Empty: the engine's default.</summary>
    public string IpcMode { get; init; } = "host";

    /// <summary>True, as tarsnode creates service containers; Tars services built for container mode expect it.</summary>
    public bool Privileged { get; init; } = true;

    /// <summary>Service folder, log folder, <c>/etc/localtime</c> (read-only), then the template's volumes, in that order.</summary>
    public IReadOnlyList<ContainerBind> Binds { get; init; } = [];

    /// <summary>Published ports; always empty on the host network.</summary>
    public IReadOnlyList<ContainerPortBinding> Ports { get; init; } = [];

    /// <summary>
    /// Environment variables; none. tarsnode passes none either: the service reads everything from its generated
    /// config file, and TARS_HOSTPATH is consumed while building <see cref="Binds"/> (it names a host folder, which
    /// means nothing inside the service's container).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary><c>tars.app</c>, <c>tars.server</c>, <c>tars.node</c>: find a service's container without parsing its name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>"no" for services (their lifecycle decides); agents such as a tarsnode container use "unless-stopped".</summary>
    public RestartPolicyKind Restart { get; init; } = RestartPolicyKind.No;

    public bool IsHostNetwork => string.Equals(NetworkMode, HostNetwork, StringComparison.Ordinal);

    /// <summary>
    /// The Engine API request. No auto-remove (a container that exits stays for its logs and exit code until the next
    /// start replaces it) and restart policy "no" (tarsnode, or the dashboard's lifecycle, decides about restarts).
    /// </summary>
    public CreateContainerParameters ToCreateParameters()
    {
        var parameters = new CreateContainerParameters
        {
            Name = Name,
            Image = Image,
            // Empty keeps the image's own entrypoint (a tarsnode image starts its agent that way).
            Entrypoint = Entrypoint.Count == 0 ? null! : [.. Entrypoint],
            Labels = Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
            Env = [.. Environment.Select(e => $"{e.Key}={e.Value}")],
            HostConfig = new HostConfig
            {
                NetworkMode = NetworkMode,
                IpcMode = IpcMode.Length == 0 ? null! : IpcMode,
                Privileged = Privileged,
                Binds = [.. Binds.Select(b => b.ToString())],
                AutoRemove = false,
                RestartPolicy = new RestartPolicy { Name = Restart },
            },
        };

        if (!IsHostNetwork && Ports.Count > 0)
        {
            parameters.ExposedPorts = Ports.Select(p => p.PortKey).Distinct(StringComparer.Ordinal)
                .ToDictionary(k => k, _ => default(EmptyStruct), StringComparer.Ordinal);
            parameters.HostConfig.PortBindings = Ports.GroupBy(p => p.PortKey, StringComparer.Ordinal).ToDictionary(
                g => g.Key,
                g => (IList<PortBinding>)[.. g.Select(p => new PortBinding { HostIP = p.HostIp, HostPort = p.HostPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })],
                StringComparer.Ordinal);
        }

        return parameters;
    }

    /// <summary>
    /// The same container as a <c>docker run</c> command line, every argument shell-quoted, for people to read and
    /// compare with tarsnode's. Display only: the dashboard talks to the Engine API and never runs a shell.
    /// </summary>
    public string ToDockerRunLine() => string.Join(' ', RunLineGroups().Select(ShellQuoting.Join));

    /// <summary>
    /// <see cref="ToDockerRunLine"/> with one option per line, joined by <c> \</c> line continuations: easier to read, and
    /// still the same command for a shell.
    /// </summary>
    public string ToDockerRunLines() => string.Join(" \\\n    ", RunLineGroups().Select(ShellQuoting.Join));

    // The words of the command, an option and its value kept together.
    private List<string[]> RunLineGroups()
    {
        var groups = new List<string[]> { new[] { "docker", "run", "-d" }, new[] { "--name", Name }, new[] { "--network", NetworkMode }, new[] { "--ipc", IpcMode } };
        if (IpcMode.Length == 0)
        {
            groups.RemoveAt(groups.Count - 1);
        }

        if (Privileged)
        {
            groups.Add(["--privileged"]);
        }

        groups.Add(["--restart", Restart switch
        {
            RestartPolicyKind.Always => "always",
            RestartPolicyKind.OnFailure => "on-failure",
            RestartPolicyKind.UnlessStopped => "unless-stopped",
            _ => "no",
        }]);
        groups.AddRange(Binds.Select(b => new[] { "-v", b.ToString() }));
        if (!IsHostNetwork)
        {
            groups.AddRange(Ports.Select(p => new[] { "-p", p.ToString() }));
        }

        groups.AddRange(Environment.Select(e => new[] { "-e", $"{e.Key}={e.Value}" }));
        groups.AddRange(Labels.Select(l => new[] { "--label", $"{l.Key}={l.Value}" }));
        if (Entrypoint.Count > 0)
        {
            groups.Add(["--entrypoint", Entrypoint[0]]);
        }

        groups.Add([Image, .. Entrypoint.Skip(1)]);
        return groups;
    }
}
