using System.Globalization;
using System.Text.RegularExpressions;
using RestartPolicyKind = Docker.DotNet.Models.RestartPolicyKind;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Node;

/// <summary>Checks a <see cref="TarsNodeContainerInput"/> and turns it into the container spec the engine gets (pure).</summary>
public static partial class TarsNodeContainerPlan
{
    public const int MaxPorts = 256;

    public static IReadOnlyList<FieldError> Validate(TarsNodeContainerInput input)
    {
        var errors = new List<FieldError>();
        if (!ContainerName().IsMatch(input.ContainerName.Trim()))
        {
            errors.Add(new FieldError(nameof(input.ContainerName), "TarsNode.ContainerName.Invalid",
                "Use letters, digits, '.', '-' or '_', starting with a letter or digit (at most 64)."));
        }

        if (ImageReference.TryParse(input.Image.Trim(), out var imageError, nameof(input.Image)) is null)
        {
            errors.Add(imageError!);
        }

        var webHost = input.WebHost.Trim();
        if (!Uri.TryCreate(webHost, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || webHost.Any(char.IsWhiteSpace))
        {
            errors.Add(new FieldError(nameof(input.WebHost), "TarsNode.WebHost.Invalid", "Enter the framework's web address, e.g. http://10.0.0.5:3000."));
        }

        if (!InterfaceName().IsMatch(input.Inet.Trim()))
        {
            errors.Add(new FieldError(nameof(input.Inet), "TarsNode.Inet.Invalid", "Enter a network interface name such as eth0."));
        }

        var hostPath = input.HostPath.Trim();
        if (!hostPath.StartsWith('/') || hostPath.Split('/').Contains("..") || hostPath.Length > 255 || hostPath.Contains(':') || hostPath == "/")
        {
            errors.Add(new FieldError(nameof(input.HostPath), "Validation.AbsolutePath", "Enter an absolute path without '..'."));
        }

        var socket = input.DockerSocketSource.Trim();
        if (!socket.StartsWith('/') || socket.Split('/').Contains("..") || socket.Length > 255 || socket.Contains(':'))
        {
            errors.Add(new FieldError(nameof(input.DockerSocketSource), "Validation.AbsolutePath", "Enter an absolute path without '..'."));
        }

        if (!NetworkName().IsMatch(input.Network.Trim()))
        {
            errors.Add(new FieldError(nameof(input.Network), "TarsNode.Network.Invalid", "Enter host or a Docker network name."));
        }
        else if (!IsHost(input) && ParsePorts(input.Ports) is null)
        {
            errors.Add(new FieldError(nameof(input.Ports), "TarsNode.Ports.Invalid",
                $"Enter ports 1-65535 as 9000-9010 or 9000,9001 (at most {MaxPorts}).", MaxPorts));
        }

        return errors;
    }

    /// <summary>The container; call <see cref="Validate"/> first.</summary>
    public static ContainerSpec Build(TarsNodeContainerInput input)
    {
        var hostPath = input.HostPath.Trim().TrimEnd('/');
        var ports = IsHost(input) ? [] : ParsePorts(input.Ports) ?? [];
        return new ContainerSpec
        {
            Name = input.ContainerName.Trim(),
            Image = input.Image.Trim(),
            Entrypoint = [],
            NetworkMode = input.Network.Trim(),
            IpcMode = "",
            Privileged = false,
            Restart = RestartPolicyKind.UnlessStopped,
            Binds = TarsNodeAgent.Binds(hostPath, input.DockerSocketSource.Trim()),
            Ports = [.. ports.Select(p => new ContainerPortBinding(p, "tcp", "", p))],
            Environment = TarsNodeAgent.Environment(input.Inet.Trim(), input.WebHost.Trim(), hostPath),
            Labels = [new("tars.role", "tarsnode")],
        };
    }

    private static bool IsHost(TarsNodeContainerInput input) => input.Network.Trim() == ContainerSpec.HostNetwork;

    /// <summary><c>9000-9010</c>, <c>9000,9005</c> or a mix; null when malformed, out of range or too many.</summary>
    public static IReadOnlyList<int>? ParsePorts(string text)
    {
        var ports = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length > 2 || !range.All(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                return null;
            }

            var from = int.Parse(range[0], CultureInfo.InvariantCulture);
            var to = int.Parse(range[^1], CultureInfo.InvariantCulture);
            if (from < 1 || to > 65535 || to < from || to - from >= MaxPorts)
            {
                return null;
            }

            for (var port = from; port <= to; port++)
            {
                ports.Add(port);
            }
        }

        return ports.Count is > 0 and <= MaxPorts ? [.. ports] : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex ContainerName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$")]
    private static partial Regex InterfaceName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NetworkName();
}
