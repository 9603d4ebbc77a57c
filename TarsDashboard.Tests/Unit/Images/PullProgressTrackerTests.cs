using Docker.DotNet.Models;
using TarsDashboard.Core.Images;
using Xunit;

namespace TarsDashboard.Tests.Images;

/// <summary>Progress of a pull, summed over its layers from the engine's messages.</summary>
public sealed class PullProgressTrackerTests
{
    [Fact]
    public void Layers_bytes_and_percent_add_up_over_the_stream()
    {
        var tracker = new PullProgressTracker();

        Assert.False(tracker.Apply(new JSONMessage { Status = "Pulling from team/app", ID = "abcdef012345" }));
        tracker.Apply(Message("Pulling fs layer", "aaaaaaaaaaaa"));
        tracker.Apply(Message("Pulling fs layer", "bbbbbbbbbbbb"));
        tracker.Apply(Message("Downloading", "aaaaaaaaaaaa", 500, 1000));
        tracker.Apply(Message("Downloading", "bbbbbbbbbbbb", 0, 3000));

        Assert.Equal((0, 2, 500L, 4000L), (tracker.LayersDone, tracker.LayersTotal, tracker.BytesDone, tracker.BytesTotal));
        Assert.Equal(20, tracker.Percent); // (0.8 * 0.5 + 0) / 2

        tracker.Apply(Message("Download complete", "aaaaaaaaaaaa"));
        tracker.Apply(Message("Extracting", "aaaaaaaaaaaa", 500, 1000));
        Assert.Equal(45, tracker.Percent); // (0.8 + 0.1) / 2

        tracker.Apply(Message("Pull complete", "aaaaaaaaaaaa"));
        tracker.Apply(Message("Already exists", "bbbbbbbbbbbb"));
        Assert.False(tracker.Apply(new JSONMessage { Status = "Digest: sha256:00" }));

        Assert.Equal((2, 2, 100.0), (tracker.LayersDone, tracker.LayersTotal, tracker.Percent));
        Assert.Null(tracker.Error);
    }

    [Fact]
    public void An_error_inside_the_stream_is_kept_as_the_failure()
    {
        var tracker = new PullProgressTracker();
        tracker.Apply(Message("Downloading", "aaaaaaaaaaaa", 10, 100));

        Assert.True(tracker.Apply(new JSONMessage { Error = new JSONError { Message = "unexpected EOF" } }));
        tracker.Apply(new JSONMessage { Error = new JSONError { Message = "later error" } });

        Assert.Equal("unexpected EOF", tracker.Error);
    }

    private static JSONMessage Message(string status, string id, long current = 0, long total = 0) => new()
    {
        Status = status,
        ID = id,
        Progress = total > 0 ? new JSONProgress { Current = current, Total = total } : null,
    };
}
