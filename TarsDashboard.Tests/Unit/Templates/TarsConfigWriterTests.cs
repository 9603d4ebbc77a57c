using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Templates;

public sealed class TarsConfigWriterTests
{
    [Fact]
    public void Written_tars_default_parses_back_to_the_same_document()
    {
        var document = TarsConfigParser.Parse(DefaultTemplate.Profile).Document!;

        var reparsed = TarsConfigParser.Parse(TarsConfigWriter.Write(document));

        Assert.True(reparsed.Succeeded);
        Assert.Equal(document, reparsed.Document);
    }

    [Fact]
    public void Writes_two_spaces_per_level_with_entries_before_child_sections()
    {
        var document = TarsConfigParser.Parse("""
            # service settings
            <tars>
            <application>
            <server>
            app =  Demo
            </server>
            # set switch
            enableset = n
            </application>
            </tars>
            """).Document!;

        Assert.Equal("""
            # service settings
            <tars>
              <application>
                # set switch
                enableset=n
                <server>
                  app=Demo
                </server>
              </application>
            </tars>

            """.ReplaceLineEndings("\n"), TarsConfigWriter.Write(document));
    }

    [Fact]
    public void Entry_with_an_empty_value_is_written_as_a_bare_key()
    {
        var document = new TarsConfigDocument
        {
            Sections = [new TarsConfigSection("list") { Entries = [new("first", ""), new("second", "2")] }],
        };

        Assert.Equal("<list>\n  first\n  second=2\n</list>\n", TarsConfigWriter.Write(document));
    }

    [Fact]
    public void Comments_before_closing_tags_and_after_the_last_section_survive_a_round_trip()
    {
        const string text = "<tars>\n  a=1\n  # end of tars\n</tars>\n# end of file\n";
        var document = TarsConfigParser.Parse(text).Document!;

        Assert.Equal(["# end of tars"], document.Sections[0].TrailingComments);
        Assert.Equal(["# end of file"], document.TrailingComments);
        Assert.Equal(text, TarsConfigWriter.Write(document));
    }

    [Fact]
    public void Writing_is_stable_once_the_text_is_in_tars_style()
    {
        var once = TarsConfigWriter.Write(TarsConfigParser.Parse(DefaultTemplate.Profile).Document!);

        var twice = TarsConfigWriter.Write(TarsConfigParser.Parse(once).Document!);

        Assert.Equal(once, twice);
    }
}
