using System.Globalization;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Templates;

/// <summary>Reads <see cref="ContainerSettings"/> from the <c>&lt;volumes&gt;</c> and <c>&lt;ports&gt;</c> sections of a profile.</summary>
/// <remarks>
/// Lines are taken as written (repeats included) so the validator can point at them. A trailing <c> # note</c> on a line
/// is dropped: the Tars documentation writes notes that way, and '#' is never part of a valid path or address. A port
/// without <c>/proto</c> is tcp, as in Docker; a host side without an address (<c>8080</c>) has an empty host IP.
/// </remarks>
public static class ContainerSettingsReader
{
    internal static readonly string[] ContainerSectionPath = ["tars", "application", "container"];

    public static ContainerSettingsReadResult Read(TarsConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var container = document.FindSection(ContainerSectionPath);
        var volumes = (container?.FindSection("volumes")?.Entries ?? [])
            .Select(e => new VolumeMapping(e.Key, WithoutNote(e.Value)))
            .ToList();

        var ports = new List<PortMapping>();
        var errors = new List<FieldError>();
        foreach (var entry in container?.FindSection("ports")?.Entries ?? [])
        {
            if (TryReadPort(entry, out var port))
            {
                ports.Add(port);
            }
            else
            {
                var line = entry.Value.Length == 0 ? entry.Key : $"{entry.Key}={entry.Value}";
                errors.Add(new FieldError("Ports", "Container.Port.Malformed",
                    $"'{line}' is not written as containerPort/proto=hostIp:hostPort.", line));
            }
        }

        return new ContainerSettingsReadResult(new ContainerSettings { Volumes = volumes, Ports = ports }, errors);
    }

    private static bool TryReadPort(TarsConfigEntry entry, out PortMapping port)
    {
        port = null!;
        var slash = entry.Key.IndexOf('/');
        var containerPortText = slash < 0 ? entry.Key : entry.Key[..slash];
        var protocol = slash < 0 ? "tcp" : entry.Key[(slash + 1)..].Trim().ToLowerInvariant();

        var host = WithoutNote(entry.Value);
        string hostIp;
        string hostPortText;
        if (host.StartsWith('['))
        {
            // Bracketed IPv6, as the writer spells it so the port's colon is unambiguous.
            var close = host.IndexOf(']');
            if (close < 0 || close + 1 >= host.Length || host[close + 1] != ':')
            {
                return false;
            }

            hostIp = host[1..close];
            hostPortText = host[(close + 2)..];
        }
        else
        {
            var colon = host.LastIndexOf(':');
            hostIp = colon < 0 ? "" : host[..colon];
            hostPortText = host[(colon + 1)..];
        }

        if (!TryReadNumber(containerPortText, out var containerPort) || !TryReadNumber(hostPortText, out var hostPort))
        {
            return false;
        }

        port = new PortMapping(containerPort, protocol, hostIp.Trim(), hostPort);
        return true;
    }

    private static bool TryReadNumber(string text, out int number) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out number);

    private static string WithoutNote(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] == '#' && char.IsWhiteSpace(value[i - 1]))
            {
                return value[..i].TrimEnd();
            }
        }

        return value;
    }
}
