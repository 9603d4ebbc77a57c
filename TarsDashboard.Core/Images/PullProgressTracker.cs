using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace TarsDashboard.Core.Images;

/// <summary>
/// Adds up the progress messages of one pull (<c>POST /images/create</c>) layer by layer: per layer the download counts
/// for 80 % and the extraction for 20 %; the percent is the mean over the layers seen. An error message is kept.
/// </summary>
public sealed partial class PullProgressTracker
{
    private const double DownloadShare = 0.8;
    private readonly Dictionary<string, Layer> _layers = new(StringComparer.Ordinal);

    /// <summary>The first error the stream reported (<c>errorDetail.message</c>); the pull has failed when it is set.</summary>
    public string? Error { get; private set; }

    public int LayersTotal => _layers.Count;

    public int LayersDone => _layers.Values.Count(l => l.Done);

    public long BytesDone => _layers.Values.Sum(l => l.Downloaded);

    public long BytesTotal => _layers.Values.Sum(l => l.Size);

    public double Percent => _layers.Count == 0 ? 0 : Math.Round(_layers.Values.Sum(l => l.Fraction) / _layers.Count * 100, 1);

    /// <summary>Takes one message; true when something a person would see changed.</summary>
    public bool Apply(JSONMessage message)
    {
        if (message.Error?.Message is { Length: > 0 } error)
        {
            Error ??= error;
            return true;
        }

        // "Pulling from <repo>" carries the tag as its id, which may look like a layer id; it is not one.
        if (message.Status is not { } status || message.ID is not { } id || !LayerId().IsMatch(id)
            || status.StartsWith("Pulling from", StringComparison.Ordinal))
        {
            return false;
        }

        if (!_layers.TryGetValue(id, out var layer))
        {
            layer = new Layer();
            _layers[id] = layer;
        }

        var current = message.Progress?.Current ?? 0;
        var total = message.Progress?.Total ?? 0;
        switch (status)
        {
            case "Pulling fs layer" or "Waiting":
                break;
            case "Downloading":
                if (total > 0)
                {
                    layer.Size = total;
                    layer.Downloaded = Math.Min(current, total);
                    layer.Fraction = DownloadShare * layer.Downloaded / total;
                }

                break;
            case "Verifying Checksum" or "Download complete":
                layer.Downloaded = layer.Size;
                layer.Fraction = DownloadShare;
                break;
            case "Extracting":
                layer.Downloaded = layer.Size;
                layer.Fraction = DownloadShare + (total > 0 ? (1 - DownloadShare) * Math.Min(current, total) / total : 0);
                break;
            case "Pull complete" or "Already exists":
                layer.Downloaded = layer.Size;
                layer.Fraction = 1;
                layer.Done = true;
                break;
            default:
                return false;
        }

        return true;
    }

    [GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial Regex LayerId();

    private sealed class Layer
    {
        public long Size { get; set; }
        public long Downloaded { get; set; }
        public double Fraction { get; set; }
        public bool Done { get; set; }
    }
}
