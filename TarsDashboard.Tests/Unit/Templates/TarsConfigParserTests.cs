using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Templates;

public sealed class TarsConfigParserTests
{
    [Fact]
    public void Parses_tars_default_into_application_with_client_and_server()
    {
        var document = Parse(DefaultTemplate.Profile);

        var tars = Assert.Single(document.Sections);
        Assert.Equal("tars", tars.Name);
        var application = Assert.Single(tars.Sections);
        Assert.Equal(["enableset", "setdivision"], application.Entries.Select(e => e.Key));
        Assert.Equal(["client", "server"], application.Sections.Select(s => s.Name));
        Assert.Equal(9, document.FindSection("tars", "application", "client")!.Entries.Count);
        Assert.Equal(15, document.FindSection("tars", "application", "server")!.Entries.Count);
    }

    [Fact]
    public void Tars_default_values_are_trimmed_and_keep_their_placeholders()
    {
        var document = Parse(DefaultTemplate.Profile);

        Assert.Equal("${locator}", document.GetValue("/tars/application/client<locator>"));
        Assert.Equal("3000", document.GetValue("/tars/application/client<sync-invoke-timeout>"));
        Assert.Equal("tars.tarsstat.StatObj", document.GetValue("/tars/application/client<stat>"));
        Assert.Equal("DEBUG", document.GetValue("/tars/application/server<logLevel>"));
        Assert.Equal("${enableset}", document.GetValue("/tars/application<enableset>"));
        Assert.Null(document.GetValue("/tars/application/server<missing>"));
    }

    [Fact]
    public void Comment_lines_are_attached_to_the_entry_or_section_below_them()
    {
        var document = Parse(DefaultTemplate.Profile);

        var application = document.FindSection("tars", "application")!;
        Assert.Equal(["#enable set"], application.Entries[0].Comments);
        Assert.Equal(["#SET name: .(mtt.s.1)"], application.Entries[1].Comments);
        Assert.Equal(["#registry address"], application.FindSection("client")!.Entries[0].Comments);
    }

    [Fact]
    public void Value_keeps_equals_signs_and_inner_spaces_after_the_first_equals()
    {
        var document = Parse("<tars>\n  jvmparams = -Dkey=value -Xmx512m  \n</tars>");

        var entry = Assert.Single(document.Sections[0].Entries);
        Assert.Equal("jvmparams", entry.Key);
        Assert.Equal("-Dkey=value -Xmx512m", entry.Value);
    }

    [Fact]
    public void Escaped_equals_sign_stays_in_the_key_as_tc_config_reads_it()
    {
        var entry = Assert.Single(Parse("<a>\n  x\\=y=z\n</a>").Sections[0].Entries);

        Assert.Equal("x\\=y", entry.Key);
        Assert.Equal("z", entry.Value);
    }

    [Fact]
    public void Repeated_keys_are_kept_in_order_and_the_last_wins_on_lookup()
    {
        var section = Parse("<tars>\n  logLevel=DEBUG\n  other=1\n  logLevel=ERROR\n</tars>").Sections[0];

        Assert.Equal(["logLevel", "other", "logLevel"], section.Entries.Select(e => e.Key));
        Assert.Equal("ERROR", section.GetValue("logLevel"));
    }

    [Fact]
    public void Line_without_equals_is_a_key_with_an_empty_value()
    {
        var entry = Assert.Single(Parse("<list>\n  item-one\n</list>").Sections[0].Entries);

        Assert.Equal(new TarsConfigEntry("item-one", ""), entry);
    }

    [Fact]
    public void Volume_lines_split_host_and_container_path_at_the_first_equals()
    {
        var document = Parse("""
            <tars>
              <application>
                <container>
                  <volumes>
                    /data/host=/data/in=container
                  </volumes>
                </container>
              </application>
            </tars>
            """);

        var entry = Assert.Single(document.FindSection("tars", "application", "container", "volumes")!.Entries);
        Assert.Equal(new TarsConfigEntry("/data/host", "/data/in=container"), entry);
    }

    [Fact]
    public void Hash_after_the_start_of_a_line_is_part_of_the_value()
    {
        var entry = Assert.Single(Parse("<a>\n  color=#ff0000 # red\n</a>").Sections[0].Entries);

        Assert.Equal("#ff0000 # red", entry.Value);
    }

    [Fact]
    public void Section_opened_twice_continues_the_first_one()
    {
        var tars = Parse("<tars>\n<client>\na=1\n</client>\n<server>\n</server>\n<client>\nb=2\n</client>\n</tars>").Sections[0];

        Assert.Equal(["client", "server"], tars.Sections.Select(s => s.Name));
        Assert.Equal(["a", "b"], tars.Sections[0].Entries.Select(e => e.Key));
    }

    [Fact]
    public void Windows_line_endings_and_tabs_are_read_like_unix_text()
    {
        var document = Parse("<tars>\r\n\t<server>\r\n\t\tapp = Demo\r\n\t</server>\r\n</tars>\r\n");

        Assert.Equal("Demo", document.GetValue("/tars/server<app>"));
    }

    [Fact]
    public void Empty_text_is_an_empty_document()
    {
        Assert.Equal(TarsConfigDocument.Empty, Parse("  \n\n"));
    }

    [Theory]
    [InlineData("<tars>\n  <server>\n    app=A\n  </server>\n", 1, "Profile.UnclosedSection")]
    [InlineData("<tars>\n  <server>\n  </client>\n</tars>", 3, "Profile.MismatchedClosingTag")]
    [InlineData("<tars>\n</tars>\n\n</tars>", 4, "Profile.UnexpectedClosingTag")]
    [InlineData("<tars>\n  <>\n  </>\n</tars>", 2, "Profile.InvalidSectionName")]
    [InlineData("<tars>\n\n  <my server>\n  </my server>\n</tars>", 3, "Profile.InvalidSectionName")]
    [InlineData("# header\napp=A\n<tars>\n</tars>", 2, "Profile.ContentOutsideSection")]
    [InlineData("<tars>\n  <server\n</tars>", 2, "Profile.MalformedTag")]
    [InlineData("<tars>\n  <server> app=A\n</tars>", 2, "Profile.MalformedTag")]
    [InlineData("<tars>\n  =value\n</tars>", 2, "Profile.EmptyKey")]
    public void Malformed_text_is_refused_with_one_error_on_the_offending_line(string text, int line, string code)
    {
        var result = TarsConfigParser.Parse(text);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(line, error.Line);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Closing_an_outer_section_early_reports_the_mismatch_once()
    {
        var result = TarsConfigParser.Parse("<tars>\n  <application>\n    <server>\n  </application>\n</tars>");

        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("<server> opened on line 3", error.Message);
    }

    [Fact]
    public void Every_error_is_reported_in_line_order()
    {
        var result = TarsConfigParser.Parse("top=1\n<tars>\n  <a>\n  </b>\n</tars>\n<open>");

        Assert.Equal([1, 4, 6], result.Errors.Select(e => e.Line));
    }

    private static TarsConfigDocument Parse(string text)
    {
        var result = TarsConfigParser.Parse(text);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Document;
    }
}
