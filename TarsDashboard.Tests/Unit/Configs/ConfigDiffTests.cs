using TarsDashboard.Core.Configs;
using Xunit;

namespace TarsDashboard.Tests.Configs;

public sealed class ConfigDiffTests
{
    [Fact]
    public void Rows_pair_old_and_new_lines_with_their_numbers()
    {
        var diff = ConfigDiff.Build("a\nb\nc\n", "a\nB\nc\nd\n");

        Assert.Equal(
        [
            new ConfigDiffLine(ConfigDiffKind.Unchanged, 1, "a", "\n", 1, "a", "\n"),
            new ConfigDiffLine(ConfigDiffKind.Modified, 2, "b", "\n", 2, "B", "\n"),
            new ConfigDiffLine(ConfigDiffKind.Unchanged, 3, "c", "\n", 3, "c", "\n"),
            new ConfigDiffLine(ConfigDiffKind.Inserted, null, null, "", 4, "d", "\n"),
        ], diff.Lines);
        Assert.Equal((1, 0, 1, true), (diff.Inserted, diff.Deleted, diff.Modified, diff.HasChanges));
    }

    [Fact]
    public void A_deleted_line_has_no_new_side()
    {
        var diff = ConfigDiff.Build("keep\ngone\nkeep2", "keep\nkeep2");

        Assert.Equal([ConfigDiffKind.Unchanged, ConfigDiffKind.Deleted, ConfigDiffKind.Unchanged], diff.Lines.Select(l => l.Kind));
        var gone = diff.Lines[1];
        Assert.Equal((2, "gone", (int?)null, (string?)null), (gone.OldNumber, gone.OldText, gone.NewNumber, gone.NewText));
        Assert.Equal((3, 2), (diff.Lines[2].OldNumber!.Value, diff.Lines[2].NewNumber!.Value));
    }

    [Fact]
    public void Whitespace_case_and_line_endings_are_changes()
    {
        Assert.True(ConfigDiff.Build("key=value", "key=value ").HasChanges);
        Assert.True(ConfigDiff.Build("key=value", "Key=value").HasChanges);
        Assert.True(ConfigDiff.Build("\tkey", "    key").HasChanges);

        var endings = ConfigDiff.Build("a\r\nb\r\n", "a\nb\r\n");
        var changed = Assert.Single(endings.Lines, l => l.Kind != ConfigDiffKind.Unchanged);
        Assert.True(changed.EndingOnly);
        Assert.Equal(("\r\n", "\n"), (changed.OldEnding, changed.NewEnding));
    }

    [Fact]
    public void Equal_texts_have_no_changes_and_empty_ones_no_rows()
    {
        Assert.False(ConfigDiff.Build("x\r\ny", "x\r\ny").HasChanges);
        Assert.Empty(ConfigDiff.Build("", "").Lines);
        Assert.Equal([ConfigDiffKind.Inserted, ConfigDiffKind.Inserted], ConfigDiff.Build("", "a\nb").Lines.Select(l => l.Kind));
    }
}
