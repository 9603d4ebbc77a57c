using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Templates;

public sealed class TarsConfigMergerTests
{
    private static readonly TarsConfigDocument Default = Parse(DefaultTemplate.Profile);

    [Fact]
    public void Framework_template_overrides_the_default_server_and_client_values()
    {
        var merged = TarsConfigMerger.Merge(Default, Parse(FrameworkTemplates.TarsNode));

        Assert.Equal("tars", merged.GetValue("/tars/application/server<app>"));
        Assert.Equal("tarsnode", merged.GetValue("/tars/application/server<server>"));
        Assert.Equal("INFO", merged.GetValue("/tars/application/server<logLevel>"));
        Assert.Equal("6000", merged.GetValue("/tars/application/client<sync-invoke-timeout>"));
        Assert.Equal("n", merged.GetValue("/tars/application<enableset>"));
    }

    [Fact]
    public void Keys_only_in_the_parent_stay_in_place_and_overrides_keep_the_parent_position()
    {
        var merged = TarsConfigMerger.Merge(Default, Parse(FrameworkTemplates.TarsNode));

        var parentKeys = Default.FindSection("tars", "application", "server")!.Entries.Select(e => e.Key);
        Assert.Equal(parentKeys, merged.FindSection("tars", "application", "server")!.Entries.Select(e => e.Key));
        Assert.Equal("${localip}", merged.GetValue("/tars/application/server<localip>"));
        Assert.Equal("tars.tarsstat.StatObj", merged.GetValue("/tars/application/client<stat>"));
    }

    [Fact]
    public void Sections_and_keys_only_in_the_child_are_added_after_the_parent_items()
    {
        var parent = Parse("<tars>\n<server>\na=1\nb=2\n</server>\n</tars>");
        var child = Parse("<tars>\n<extra>\nx=1\n</extra>\n<server>\nc=3\na=9\n</server>\n</tars>");

        var merged = TarsConfigMerger.Merge(parent, child);

        Assert.Equal(["server", "extra"], merged.Sections[0].Sections.Select(s => s.Name));
        Assert.Equal(["a=9", "b=2", "c=3"], merged.FindSection("tars", "server")!.Entries.Select(e => $"{e.Key}={e.Value}"));
    }

    [Fact]
    public void Framework_template_adds_its_node_section_with_nested_sections()
    {
        var merged = TarsConfigMerger.Merge(Default, Parse(FrameworkTemplates.TarsNode));

        Assert.Equal(["application", "node"], merged.Sections[0].Sections.Select(s => s.Name));
        Assert.Equal("60", merged.GetValue("/tars/node/keepalive<heartTimeout>"));
        Assert.Equal("/var/run/docker.sock", merged.GetValue("/tars/node/container<socket>"));
    }

    [Fact]
    public void Merged_section_holds_one_entry_per_key_with_the_last_value()
    {
        var parent = Parse("<tars>\nlevel=DEBUG\nlevel=INFO\n</tars>");
        var child = Parse("<tars>\nextra=1\nextra=2\n</tars>");

        var merged = TarsConfigMerger.Merge(parent, child);

        Assert.Equal(["level=INFO", "extra=2"], merged.Sections[0].Entries.Select(e => $"{e.Key}={e.Value}"));
    }

    [Fact]
    public void Override_keeps_the_child_comment_or_falls_back_to_the_parent_comment()
    {
        var merged = TarsConfigMerger.Merge(Default, Parse(FrameworkTemplates.TarsNode));

        var server = merged.FindSection("tars", "application", "server")!;
        Assert.Equal(["# the node logs more than a business service"], server.Entries.Single(e => e.Key == "logsize").Comments);
        Assert.Equal(["#app name"], server.Entries.Single(e => e.Key == "app").Comments);
    }

    [Fact]
    public void Chain_merges_root_first_so_the_private_profile_wins()
    {
        var template = Parse("<tars>\n<application>\n<server>\nlogLevel=INFO\nlognum=5\n</server>\n</application>\n</tars>");
        var privateProfile = Parse("<tars>\n<application>\n<server>\nlogLevel=ERROR\n</server>\n</application>\n</tars>");

        var merged = TarsConfigMerger.MergeChain([Default, template, privateProfile]);

        Assert.Equal("ERROR", merged.GetValue("/tars/application/server<logLevel>"));
        Assert.Equal("5", merged.GetValue("/tars/application/server<lognum>"));
        Assert.Equal("10M", merged.GetValue("/tars/application/server<logsize>"));
    }

    [Fact]
    public void Merging_over_an_empty_parent_gives_the_child()
    {
        var child = Parse(FrameworkTemplates.TarsNode);

        Assert.Equal(child, TarsConfigMerger.Merge(TarsConfigDocument.Empty, child));
    }

    private static TarsConfigDocument Parse(string text) => TarsConfigParser.Parse(text).Document!;
}
