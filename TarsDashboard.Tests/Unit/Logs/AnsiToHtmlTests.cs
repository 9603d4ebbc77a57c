using TarsDashboard.Core.Logs;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class AnsiToHtmlTests
{
    [Fact]
    public void Basic_colours_bold_and_reset_become_class_spans()
    {
        var html = AnsiToHtml.Convert("\u001b[1;31mFAIL\u001b[0m ok \u001b[92;44mgo\u001b[39mon\u001b[49m end");

        Assert.Equal(
            "<span class=\"ansi-fg-red ansi-bold\">FAIL</span> ok "
            + "<span class=\"ansi-fg-bright-green ansi-bg-blue\">go</span><span class=\"ansi-bg-blue\">on</span> end",
            html);
    }

    [Fact]
    public void Palette_and_true_colours_become_exact_css_colours()
    {
        var html = AnsiToHtml.Convert("\u001b[38;5;208ma\u001b[38;2;1;2;255;48;5;9mb\u001b[m");

        Assert.Equal(
            "<span style=\"color:#ff8700;\">a</span>"
            + "<span class=\"ansi-bg-bright-red\" style=\"color:#0102ff;\">b</span>",
            html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("\"onerror=alert(1)", "&quot;onerror=alert(1)")]
    [InlineData("x' onmouseover='alert(1)", "x&#39; onmouseover=&#39;alert(1)")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("&lt;already&gt;", "&amp;lt;already&amp;gt;")]
    public void User_text_is_always_html_encoded(string text, string expected)
    {
        Assert.Equal(expected, AnsiToHtml.Convert(text));
        Assert.Equal($"<span class=\"ansi-fg-red\">{expected}</span>", AnsiToHtml.Convert($"\u001b[31m{text}"));
    }

    [Theory]
    [InlineData("\u001b]8;;javascript:alert(1)\u001b\\click\u001b]8;;\u001b\\", "click")]
    [InlineData("\u001b]0;<script>title</script>\u0007after", "after")]
    [InlineData("a\u001b[2J\u001b[1;1Hb\u001b[?25lc\u001b[Kd", "abcd")]
    [InlineData("\u001b[31\"><script>x", "&gt;&lt;script&gt;x")]
    [InlineData("tail\u001b[38;5;", "tail")]
    [InlineData("a\u001b(Bb\u001b=c\u0000d\u0008e\u009b1Kf", "abcdef")]
    public void Other_escapes_and_controls_are_dropped_without_letting_markup_through(string text, string expected)
    {
        Assert.Equal(expected, AnsiToHtml.Convert(text));
    }

    [Fact]
    public void Malformed_extended_colours_do_not_leak_into_other_codes()
    {
        Assert.Equal("x", AnsiToHtml.Convert("\u001b[38;5;999;1mx"));
        Assert.Equal("<span class=\"ansi-bold\">y</span>", AnsiToHtml.Convert("\u001b[1;38;7;31my"));
    }

    [Fact]
    public void Search_matches_are_marked_inside_the_colour_spans()
    {
        var text = "\u001b[33mwarn: disk <90%>\u001b[0m disk";
        var matches = LogSearch.TryCreate("disk", useRegex: false, matchCase: false, out _)!.FindMatches(text);

        Assert.Equal(
            "<span class=\"ansi-fg-yellow\">warn: <mark class=\"log-match\">disk</mark> &lt;90%&gt;</span> "
            + "<mark class=\"log-match\">disk</mark>",
            AnsiToHtml.Convert(text, matches));
    }

    [Fact]
    public void Plain_text_passes_through_without_copying_and_strip_removes_escapes()
    {
        const string plain = "nothing to do here";

        Assert.Same(plain, AnsiToHtml.Convert(plain));
        Assert.Equal("red <b>", AnsiToHtml.Strip("\u001b[31mred\u001b[0m <b>\r"));
    }
}
