using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Templates;

public sealed class TemplateChainResolverTests
{
    [Fact]
    public void Chain_is_returned_root_first_and_ends_at_tars_default_naming_itself()
    {
        var result = Resolve("App.private", ("tars.default", "tars.default"), ("tars.cpp", "tars.default"), ("App.private", "tars.cpp"));

        Assert.True(result.Succeeded);
        Assert.Equal(["tars.default", "tars.cpp", "App.private"], result.Chain.Select(t => t.Name));
    }

    [Fact]
    public void Empty_parent_ends_the_chain()
    {
        var result = Resolve("tars.cpp", ("tars.default", ""), ("tars.cpp", "tars.default"));

        Assert.Equal(["tars.default", "tars.cpp"], result.Chain.Select(t => t.Name));
    }

    [Fact]
    public void Loop_between_templates_is_refused_with_the_loop_spelled_out()
    {
        var result = Resolve("a", ("a", "b"), ("b", "c"), ("c", "b"));

        Assert.False(result.Succeeded);
        Assert.Equal("Template.Cycle", result.Error.Code);
        Assert.Contains("a -> b -> c -> b", result.Error.Message);
        Assert.Empty(result.Chain);
    }

    [Fact]
    public void Loop_through_a_differently_cased_name_is_still_a_loop()
    {
        var result = Resolve("a", ("a", "B"), ("B", "A"));

        Assert.Equal("Template.Cycle", result.Error?.Code);
    }

    [Fact]
    public void Missing_parent_is_refused_naming_the_template_and_its_parent()
    {
        var result = Resolve("tars.cpp", ("tars.cpp", "tars.gone"));

        Assert.Equal("Template.ParentNotFound", result.Error?.Code);
        Assert.Equal("ParentName", result.Error?.Field);
        Assert.Contains("'tars.cpp' inherits from 'tars.gone'", result.Error?.Message);
    }

    [Fact]
    public void Missing_start_template_is_refused()
    {
        var result = Resolve("nope", ("tars.default", "tars.default"));

        Assert.Equal("Template.NotFound", result.Error?.Code);
        Assert.Equal("TemplateName", result.Error?.Field);
    }

    private static TemplateChainResult Resolve(string start, params (string Name, string Parent)[] templates)
    {
        var byName = templates.ToDictionary(t => t.Name, t => new TemplateChainLink(t.Name, $"<{t.Name}>\n</{t.Name}>", t.Parent),
            StringComparer.OrdinalIgnoreCase);
        return TemplateChainResolver.Resolve(start, name => byName.GetValueOrDefault(name));
    }
}
