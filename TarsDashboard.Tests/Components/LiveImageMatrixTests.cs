using TarsDashboard.Core.Images;
using TarsDashboard.Model;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>How the sync matrix combines a load with the progress that arrives after it.</summary>
public sealed class LiveImageMatrixTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Progress_changes_one_cell_without_a_reload()
    {
        var live = Loaded(T0);

        Assert.True(live.Apply(Pull(PullPhase.Pulling, 42.5, T0.AddSeconds(1)) with { LayersDone = 1, LayersTotal = 3, BytesDone = 2_000_000, BytesTotal = 5_000_000 }));

        var cell = live.Cell(7, "node1");
        Assert.Equal((ImageCellState.Pulling, 42.5, 1, 3, 5_000_000L), (cell.State, cell.Percent, cell.LayersDone, cell.LayersTotal, cell.BytesTotal));
        Assert.Equal(ImageCellState.Absent, live.Cell(7, "node2").State);
    }

    [Fact]
    public void A_finished_pull_shows_present_with_its_id_at_100_percent()
    {
        var live = Loaded(T0);

        live.Apply(Pull(PullPhase.Succeeded, 100, T0.AddSeconds(1)) with { ImageId = "sha256:" + new string('b', 64) });

        var cell = live.Cell(7, "node1");
        Assert.Equal((ImageCellState.Present, 100.0), (cell.State, cell.Percent));
        Assert.Equal("bbbbbbbbbbbb", MatrixCellView.ShortId(cell.ImageId));
    }

    [Fact]
    public void A_reload_drops_the_progress_it_has_caught_up_with_and_keeps_later_progress()
    {
        var live = Loaded(T0);
        live.Apply(Pull(PullPhase.Failed, 0, T0.AddSeconds(1)) with { Error = "boom" });
        live.Apply(Pull(PullPhase.Pulling, 10, T0.AddSeconds(5), node: "node2"));

        live.Load(Matrix(ImageCellState.Failed, ImageCellState.Absent), requestedAt: T0.AddSeconds(3));

        Assert.Equal((ImageCellState.Failed, (string?)null), (live.Cell(7, "node1").State, live.Cell(7, "node1").Reason));
        Assert.Equal(ImageCellState.Pulling, live.Cell(7, "node2").State);
    }

    [Fact]
    public void A_stale_cell_being_pulled_no_longer_counts_as_stale()
    {
        var live = new LiveImageMatrix();
        live.Load(Matrix(ImageCellState.Stale, ImageCellState.Present), T0);
        Assert.Equal(1, live.StaleCount);

        live.Apply(Pull(PullPhase.Pulling, 30, T0.AddSeconds(1)));

        Assert.Equal(0, live.StaleCount);
    }

    [Fact]
    public void Progress_for_an_image_the_matrix_does_not_show_asks_for_a_reload()
    {
        var live = Loaded(T0);

        Assert.False(live.Apply(Pull(PullPhase.Pulling, 5, T0, imageId: 99)));
    }

    [Fact]
    public void A_sync_refused_before_pulling_fails_its_cells_with_the_reason()
    {
        var live = Loaded(T0);
        live.MarkPulling(7, ["node1", "node2"], T0);
        Assert.Equal(ImageCellState.Pulling, live.Cell(7, "node2").State);

        live.MarkFailed(7, ["node1", "node2"], "No such registry.", T0.AddSeconds(1));

        Assert.All(["node1", "node2"], node => Assert.Equal((ImageCellState.Failed, "No such registry."), (live.Cell(7, node).State, live.Cell(7, node).Reason)));
    }

    private static LiveImageMatrix Loaded(DateTimeOffset at)
    {
        var live = new LiveImageMatrix();
        live.Load(Matrix(ImageCellState.Absent, ImageCellState.Absent), at);
        return live;
    }

    private static ImageMatrix Matrix(ImageCellState node1, ImageCellState node2)
    {
        var image = new ImageSummary(7, "registry.example.com/team/app:1", 0, null, "", null, null, null, null, 0);
        return new ImageMatrix([image], ["node1", "node2"], [new ImageCell(7, "node1", node1), new ImageCell(7, "node2", node2)]);
    }

    private static NodePullState Pull(PullPhase phase, double percent, DateTimeOffset at, string node = "node1", int imageId = 7) =>
        new(imageId, node, phase, percent, 0, 0, 0, 0, null, null, at, at);
}
