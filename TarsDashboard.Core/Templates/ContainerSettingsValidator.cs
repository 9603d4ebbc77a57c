using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Templates;

/// <summary>Checks container volumes and ports before they are written into a profile; returns one error per bad field.</summary>
/// <remarks>
/// An empty host IP is accepted and means every interface (written as 0.0.0.0). Paths also refuse '\' (TC_Config reads
/// it as an escape and fails on most letters after it) and ':' (Docker's bind syntax splits on it).
/// </remarks>
public static class ContainerSettingsValidator
{
    private const string LocalTime = "/etc/localtime";

    /// <param name="serverDir">The service folder tarsnode mounts, e.g. /usr/local/app/tars/tarsnode/data/App.Server.</param>
    /// <param name="logDir">The log folder tarsnode mounts, e.g. /usr/local/app/tars/app_log.</param>
    public static IReadOnlyList<FieldError> Validate(ContainerSettings settings, string serverDir, string logDir)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<FieldError>();
        ValidateVolumes(settings.Volumes, [MountPath.Normalize(serverDir), MountPath.Normalize(logDir), LocalTime], errors);
        ValidatePorts(settings.Ports, errors);
        return errors;
    }

    private static void ValidateVolumes(IReadOnlyList<VolumeMapping> volumes, string[] mountedByTarsnode, List<FieldError> errors)
    {
        // Tars keys a volume line by its host path, so a second line with the same host path would silently replace the first.
        var hostPaths = new HashSet<string>(StringComparer.Ordinal);
        var containerPaths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < volumes.Count; i++)
        {
            var hostField = $"Volumes[{i}].HostPath";
            var hostPath = volumes[i].HostPath?.Trim() ?? "";
            var hostError = PathError(hostField, hostPath);
            if (hostError is null && !hostPaths.Add(hostPath))
            {
                hostError = new FieldError(hostField, "Container.Volume.DuplicateHostPath",
                    $"Host folder {hostPath} is already mapped; Tars keeps one container folder per host folder.", hostPath);
            }

            var containerField = $"Volumes[{i}].ContainerPath";
            var containerPath = volumes[i].ContainerPath?.Trim() ?? "";
            var containerError = PathError(containerField, containerPath);
            if (containerError is null)
            {
                var normalized = MountPath.Normalize(containerPath);
                var taken = mountedByTarsnode.FirstOrDefault(folder => MountPath.IsSameOrUnder(normalized, folder));
                if (taken is not null)
                {
                    containerError = new FieldError(containerField, "Container.Volume.OverServiceFolder",
                        $"{containerPath} is inside {taken}, which tarsnode mounts for the service itself.", containerPath, taken);
                }
                else if (!containerPaths.Add(normalized))
                {
                    containerError = new FieldError(containerField, "Container.Volume.Duplicate",
                        $"Container folder {containerPath} is already mounted by another volume.", containerPath);
                }
            }

            AddIfAny(errors, hostError, containerError);
        }
    }

    private static FieldError? PathError(string field, string path)
    {
        if (path.Length == 0)
        {
            return new FieldError(field, "Validation.Required", "Enter a folder path.");
        }

        if (path.Any(c => char.IsControl(c) || c is '=' or '#' or '<' or '>' or '\\' or ':'))
        {
            return new FieldError(field, "Container.Volume.InvalidCharacter",
                "A path cannot contain line breaks, control characters or any of = # < > \\ :", path);
        }

        if (!path.StartsWith('/'))
        {
            return new FieldError(field, "Container.Volume.NotAbsolute", $"{path} must be an absolute path starting with '/'.", path);
        }

        return path.Split('/').Contains("..")
            ? new FieldError(field, "Container.Volume.ParentSegment", $"{path} must not contain '..'.", path)
            : null;
    }

    private static void ValidatePorts(IReadOnlyList<PortMapping> ports, List<FieldError> errors)
    {
        var bindings = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var protocol = port.Protocol?.Trim().ToLowerInvariant() ?? "";
            var containerPortError = PortRangeError($"Ports[{i}].ContainerPort", port.ContainerPort);
            var protocolError = protocol is "tcp" or "udp"
                ? null
                : protocol.Length == 0
                    ? new FieldError($"Ports[{i}].Protocol", "Validation.Required", "Choose tcp or udp.")
                    : new FieldError($"Ports[{i}].Protocol", "Container.Port.Protocol", $"'{port.Protocol}' is not tcp or udp.", port.Protocol!);

            if (containerPortError is null && protocolError is null && !bindings.Add($"{port.ContainerPort}/{protocol}"))
            {
                containerPortError = new FieldError($"Ports[{i}].ContainerPort", "Container.Port.Duplicate",
                    $"Container port {port.ContainerPort}/{protocol} is already published.", port.ContainerPort, protocol);
            }

            var hostIp = port.HostIp?.Trim() ?? "";
            var hostIpError = hostIp.Length == 0 || IsHostAddress(hostIp)
                ? null
                : new FieldError($"Ports[{i}].HostIp", "Container.Port.HostIp",
                    $"'{hostIp}' is not an IPv4 or IPv6 address; leave it empty for every interface.", hostIp);

            AddIfAny(errors, containerPortError, protocolError, hostIpError, PortRangeError($"Ports[{i}].HostPort", port.HostPort));
        }
    }

    private static FieldError? PortRangeError(string field, int port) => port is >= 1 and <= 65535
        ? null
        : new FieldError(field, "Container.Port.OutOfRange", $"Port {port} is outside 1-65535.", port);

    // Stricter than IPAddress.TryParse, which also takes "10.1", "[::1]:80" and other forms Docker refuses.
    private static bool IsHostAddress(string text)
    {
        if (text.Contains(':'))
        {
            return text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
                && IPAddress.TryParse(text, out var v6)
                && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    private static void AddIfAny(List<FieldError> errors, params FieldError?[] found) =>
        errors.AddRange(found.OfType<FieldError>());
}
