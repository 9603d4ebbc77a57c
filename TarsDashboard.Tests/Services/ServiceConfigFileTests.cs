using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Services;

public sealed class ServiceConfigFileTests
{
    [Fact]
    public void The_config_fills_placeholders_and_lists_adapters_under_the_server_section()
    {
        var merged = TarsConfigParser.Parse(
            "<tars>\n<application>\nenableset=${enableset}\n<server>\napp=${app}\nserver=${server}\nbasepath=${basepath}\nlogpath=${logpath}\nunknown=${nothing}\n</server>\n<client>\nlocator=${locator}\n</client>\n</application>\n</tars>\n").Document!;
        var row = new ServerConfRow { Application = "Shop", ServerName = "Cart", NodeName = "10.0.0.7" };
        var adapter = new AdapterConfRow
        {
            AdapterName = "Shop.Cart.CartObjAdapter", Endpoint = "tcp -h 10.0.0.7 -p 20001 -t 60000", Servant = "Shop.Cart.CartObj",
            AllowIp = "10.0.0.1", ThreadNum = 4, MaxConnections = 1000, Queuecap = 10, Queuetimeout = 20, Protocol = "tars",
        };

        var text = ServiceConfigFile.Build(row, merged, [adapter]);
        var parsed = TarsConfigParser.Parse(text);

        Assert.True(parsed.Succeeded);
        var doc = parsed.Document!;
        Assert.Equal("Shop", doc.GetValue("/tars/application/server<app>"));
        Assert.Equal("Cart", doc.GetValue("/tars/application/server<server>"));
        Assert.Equal("/usr/local/app/tars/tarsnode/data/Shop.Cart/bin/", doc.GetValue("/tars/application/server<basepath>"));
        Assert.Equal("/usr/local/app/tars/app_log", doc.GetValue("/tars/application/server<logpath>"));
        Assert.Equal("${nothing}", doc.GetValue("/tars/application/server<unknown>"));
        Assert.Equal("n", doc.GetValue("/tars/application<enableset>"));
        Assert.StartsWith("tars.tarsregistry.QueryObj@tcp -h 10.0.0.7", doc.GetValue("/tars/application/client<locator>"));
        var section = doc.FindSection("tars", "application", "server", "Shop.Cart.CartObjAdapter")!;
        Assert.Equal("tcp -h 10.0.0.7 -p 20001 -t 60000", section.GetValue("endpoint"));
        Assert.Equal("10.0.0.1", section.GetValue("allow"));
        Assert.Equal("1000", section.GetValue("maxconns"));
        Assert.Equal("4", section.GetValue("threads"));
        Assert.Equal("10", section.GetValue("queuecap"));
        Assert.Equal("20", section.GetValue("queuetimeout"));
        Assert.Equal("Shop.Cart.CartObj", section.GetValue("servant"));
        Assert.Equal("tars", section.GetValue("protocol"));
        Assert.Equal("conf/Shop.Cart.config.conf", ServiceConfigFile.RelativePath("Shop", "Cart"));
    }
}
