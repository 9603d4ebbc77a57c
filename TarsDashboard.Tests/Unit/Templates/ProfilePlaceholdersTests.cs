using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Templates;

public sealed class ProfilePlaceholdersTests
{
    [Fact]
    public void Fills_the_service_values_into_tars_default()
    {
        var values = new Dictionary<string, string>
        {
            ["app"] = "Demo", ["server"] = "OrderServer", ["localip"] = "10.0.0.5",
            ["locator"] = "tars.tarsregistry.QueryObj@tcp -h 10.0.0.2 -p 17890",
        };

        var text = ProfilePlaceholders.Replace(DefaultTemplate.Profile, values);

        var document = TarsConfigParser.Parse(text).Document!;
        Assert.Equal("Demo", document.GetValue("/tars/application/server<app>"));
        Assert.Equal("OrderServer", document.GetValue("/tars/application/server<server>"));
        Assert.Equal("tars.tarsregistry.QueryObj@tcp -h 10.0.0.2 -p 17890", document.GetValue("/tars/application/client<locator>"));
    }

    [Fact]
    public void Unknown_placeholders_are_left_as_written()
    {
        var text = ProfilePlaceholders.Replace("basepath=${basepath}\nport=${port}", new Dictionary<string, string> { ["basepath"] = "/srv" });

        Assert.Equal("basepath=/srv\nport=${port}", text);
    }

    [Fact]
    public void Substituted_values_are_not_expanded_again()
    {
        var values = new Dictionary<string, string> { ["app"] = "${server}", ["server"] = "S" };

        Assert.Equal("${server}.S", ProfilePlaceholders.Replace("${app}.${server}", values));
    }

    [Fact]
    public void Names_are_matched_with_their_case()
    {
        Assert.Equal("${App}", ProfilePlaceholders.Replace("${App}", new Dictionary<string, string> { ["app"] = "Demo" }));
    }

    [Fact]
    public void Lists_the_placeholders_a_template_uses()
    {
        var names = ProfilePlaceholders.FindNames(DefaultTemplate.Profile);

        Assert.Equal(
            ["enableset", "setdivision", "locator", "asyncthread", "modulename", "app", "server", "localip", "local", "basepath", "datapath", "logpath"],
            names);
    }
}
