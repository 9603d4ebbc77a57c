using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TarsDashboard.Core.Configs;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Releases;

/// <summary>
/// The config side of a release: which version of each of the service's config files (service and node level) was
/// current when it went out, what differs now, and the restore of those versions when rolling back to it. A history
/// row holds the text a version set (as the Tars web platform writes it), so the newest one is the file's text then.
/// </summary>
internal sealed class ReleaseConfigSnapshot(ConfigFileRepository files, ConfigFileService service)
{
    public async Task<string> TakeAsync(string application, string server, CancellationToken cancellationToken)
    {
        var rows = (await files.ListAsync(ConfigScope.ForServer(application, server), cancellationToken))
            .Concat(await files.ListAsync(ConfigScope.ForNode(application, server, ""), cancellationToken));
        var versions = new List<ReleaseConfigVersion>();
        foreach (var row in rows)
        {
            var (history, _) = await files.ListHistoryAsync(row.Id, 0, 1, cancellationToken);
            versions.Add(new ReleaseConfigVersion(row.Id, row.Filename ?? "", row.Level, row.Host, history.FirstOrDefault()?.Id, Md5(row.Config)));
        }

        return JsonSerializer.Serialize(versions);
    }

    public static IReadOnlyList<ReleaseConfigVersion> Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<ReleaseConfigVersion>>(json) ?? [];

    /// <summary>The files of <paramref name="node"/>'s instance whose text is not what the release ran with.</summary>
    public async Task<IReadOnlyList<string>> ChangedForAsync(IReadOnlyList<ReleaseConfigVersion> versions, string node,
        CancellationToken cancellationToken)
    {
        var changed = new List<string>();
        foreach (var version in versions.Where(v => Applies(v, node)))
        {
            var now = await files.GetAsync(version.ConfigId, cancellationToken);
            if (now is null || Md5(now.Config) != version.Md5)
            {
                changed.Add(version.FileName);
            }
        }

        return changed;
    }

    /// <summary>Restores each file that changed since to the release's version (a new version with that text); the names restored.</summary>
    public async Task<IReadOnlyList<ReleaseConfigVersion>> RestoreAsync(Caller caller, IReadOnlyList<ReleaseConfigVersion> versions, int releaseId,
        CancellationToken cancellationToken)
    {
        var restored = new List<ReleaseConfigVersion>();
        foreach (var version in versions.Where(v => v.HistoryId is not null))
        {
            var now = await files.GetAsync(version.ConfigId, cancellationToken);
            if (now is not null && Md5(now.Config) != version.Md5)
            {
                await service.RestoreAsync(caller, version.ConfigId, version.HistoryId!.Value,
                    $"rollback to release #{releaseId.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
                restored.Add(version);
            }
        }

        return restored;
    }

    public static bool Applies(ReleaseConfigVersion version, string node) =>
        version.Level == (int)ConfigLevel.Server || (version.Level == (int)ConfigLevel.Node && version.Host == node);

    private static string Md5(string? text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text ?? "")));
}
