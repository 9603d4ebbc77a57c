using System.Net;
using System.Net.Sockets;

namespace TarsDashboard.Core.Templates;

/// <summary>
/// Writes <see cref="ContainerSettings"/> into a profile's <c>&lt;tars&gt;&lt;application&gt;&lt;container&gt;</c>, replacing only
/// the <c>&lt;volumes&gt;</c> and <c>&lt;ports&gt;</c> sections and leaving every other setting and comment as it was.
/// </summary>
/// <remarks>
/// Validate with <see cref="ContainerSettingsValidator"/> first: this writes what it is given. An empty list removes its
/// section (an empty section would not hide the template's lines anyway, since profiles merge key by key), and a
/// <c>&lt;container&gt;</c> left with nothing in it is removed too. Comments above a line are kept while its key stays.
/// </remarks>
public static class ContainerSettingsWriter
{
    public static TarsConfigDocument Apply(TarsConfigDocument document, ContainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(settings);

        var volumes = settings.Volumes.Select(v => new TarsConfigEntry(v.HostPath.Trim(), v.ContainerPath.Trim()));
        var ports = settings.Ports.Select(p => new TarsConfigEntry(
            $"{p.ContainerPort}/{p.Protocol.Trim().ToLowerInvariant()}", $"{HostText(p.HostIp)}:{p.HostPort}"));

        var sections = SectionPath.Update(document.Sections, [.. ContainerSettingsReader.ContainerSectionPath, "volumes"],
            existing => Replace(existing, "volumes", [.. volumes]));
        sections = SectionPath.Update(sections, [.. ContainerSettingsReader.ContainerSectionPath, "ports"],
            existing => Replace(existing, "ports", [.. ports]));
        return document with { Sections = sections };
    }

    /// <summary>Applies the settings to a private profile's text; refuses (with the errors) a text that does not parse.</summary>
    public static ProfileEditResult Apply(string profileText, ContainerSettings settings)
    {
        var parsed = TarsConfigParser.Parse(profileText ?? "");
        return parsed.Succeeded
            ? new ProfileEditResult(TarsConfigWriter.Write(Apply(parsed.Document, settings)), [])
            : new ProfileEditResult(null, parsed.Errors);
    }

    private static TarsConfigSection? Replace(TarsConfigSection? existing, string name, IReadOnlyList<TarsConfigEntry> entries)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        var oldComments = existing?.Entries.ToLookup(e => e.Key, e => e.Comments);
        var kept = entries.Select(e => oldComments?[e.Key].FirstOrDefault(c => c.Count > 0) is { } comments
            ? e with { Comments = comments }
            : e);
        return (existing ?? new TarsConfigSection(name)) with { Entries = [.. kept] };
    }

    // Every interface is spelt out so tarsnode never sees an empty address; IPv6 is bracketed so the port's colon stands out.
    private static string HostText(string hostIp)
    {
        var ip = hostIp.Trim();
        if (ip.Length == 0)
        {
            return "0.0.0.0";
        }

        return IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip;
    }
}
