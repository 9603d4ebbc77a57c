using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class JsonLogLineTests
{
    [Fact]
    public void A_json_line_folds_to_its_top_level_keys_with_strings_unquoted_and_nesting_abbreviated()
    {
        var json = JsonLogLine.TryParse("{\"level\":\"info\",\"msg\":\"user \\\"bob\\\" in\",\"ms\":12.5,\"ok\":true,\"ctx\":{\"a\":1},\"tags\":[1,2],\"none\":null,\"empty\":{}}");

        Assert.NotNull(json);
        Assert.Equal("", json.Prefix);
        Assert.Equal(["level", "msg", "ms", "ok", "ctx", "tags", "none", "empty"], json.Fields.Select(f => f.Key));
        Assert.Equal("level=info msg=user \"bob\" in ms=12.5 ok=true ctx={…} tags=[…] none=null empty={}", json.Folded);
    }

    [Fact]
    public void A_short_prefix_before_the_object_is_kept()
    {
        var json = JsonLogLine.TryParse("2026-12-03T12:00:00Z INFO {\"event\":\"started\"}  ");

        Assert.NotNull(json);
        Assert.Equal("2026-12-03T12:00:00Z INFO ", json.Prefix);
        Assert.Equal("event=started", json.Folded);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("{\"unclosed\":")]
    [InlineData("{not json}")]
    [InlineData("[1,2,3]")]
    [InlineData("set {a} to {b}")]
    [InlineData("{\"a\":1} trailing")]
    public void Text_that_is_not_a_json_object_is_not_folded(string text)
    {
        Assert.Null(JsonLogLine.TryParse(text));
    }

    [Fact]
    public void A_long_prefix_is_not_folded()
    {
        Assert.Null(JsonLogLine.TryParse(new string('x', JsonLogLine.MaxPrefixLength + 1) + "{\"a\":1}"));
    }

    [Fact]
    public void Line_breaks_inside_a_value_stay_on_one_row()
    {
        var json = JsonLogLine.TryParse("{\"stack\":\"at a\\n\\tat b\"}");

        Assert.Equal("stack=at a\\n\\tat b", json!.Folded);
    }

    [Fact]
    public void Indented_shows_one_key_a_line_with_markup_left_as_text()
    {
        var json = JsonLogLine.TryParse("{\"msg\":\"<b>hi</b>\",\"ctx\":{\"user\":\"bob\"}}");

        Assert.Equal(
            "{\n  \"msg\": \"<b>hi</b>\",\n  \"ctx\": {\n    \"user\": \"bob\"\n  }\n}",
            json!.Indented.ReplaceLineEndings("\n"));
    }
}
