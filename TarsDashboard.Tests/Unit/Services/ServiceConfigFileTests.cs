using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>The generated config as tarsnode writes it: node and adapters first, the filled template over them.</summary>
public sealed class ServiceConfigFileTests
{
    private const string Locator = "tars.tarsregistry.QueryObj@tcp -h 10.0.0.5 -p 17890:tcp -h 10.0.0.6 -p 17890";

    private static readonly AdapterConfRow Adapter = new()
    {
        AdapterName = "Shop.Cart.CartObjAdapter", Endpoint = "tcp -h 10.0.0.7 -p 20001 -t 60000", Servant = "Shop.Cart.CartObj",
        AllowIp = "10.0.0.1", ThreadNum = 4, MaxConnections = 1000, Queuecap = 10, Queuetimeout = 20, Protocol = "",
    };

    private static TarsConfigDocument Parse(string text) => TarsConfigParser.Parse(text).Document!;

    private static TarsConfigDocument Build(ServerConfRow row, string template, ServiceConfigSettings? settings = null, params AdapterConfRow[] adapters)
    {
        var text = ServiceConfigFile.Build(row, Parse(template), adapters, settings ?? new ServiceConfigSettings { Locator = Locator, AdminPort = 31234 });
        var parsed = TarsConfigParser.Parse(text);
        Assert.True(parsed.Succeeded, text);
        return parsed.Document!;
    }

    private static ServerConfRow Row() => new() { Id = 3, Application = "Shop", ServerName = "Cart", NodeName = "10.0.0.7", ConfigCenterPort = 9000 };

    [Fact]
    public void The_config_fills_placeholders_and_lists_adapters_under_the_server_section()
    {
        var doc = Build(Row(),
            "<tars>\n<application>\nenableset=${enableset}\n<server>\napp=${app}\nserver=${server}\nbasepath=${basepath}\nlogpath=${logpath}\nunknown=${nothing}\n</server>\n<client>\nlocator=${locator}\n</client>\n</application>\n</tars>\n",
            adapters: Adapter);

        Assert.Equal("Shop", doc.GetValue("/tars/application/server<app>"));
        Assert.Equal("Cart", doc.GetValue("/tars/application/server<server>"));
        Assert.Equal("/usr/local/app/tars/tarsnode/data/Shop.Cart/bin/", doc.GetValue("/tars/application/server<basepath>"));
        Assert.Equal("/usr/local/app/tars/app_log", doc.GetValue("/tars/application/server<logpath>"));
        Assert.Equal("${nothing}", doc.GetValue("/tars/application/server<unknown>"));
        Assert.Equal("n", doc.GetValue("/tars/application<enableset>"));
        Assert.Equal(Locator, doc.GetValue("/tars/application/client<locator>"));
        var section = doc.FindSection("tars", "application", "server", "Shop.Cart.CartObjAdapter")!;
        // In a container tarsnode makes the adapters listen on every address.
        Assert.Equal("tcp -h 0.0.0.0 -t 60000 -p 20001 -e 0", section.GetValue("endpoint"));
        Assert.Equal("10.0.0.1", section.GetValue("allow"));
        Assert.Equal("1000", section.GetValue("maxconns"));
        Assert.Equal("4", section.GetValue("threads"));
        Assert.Equal("10", section.GetValue("queuecap"));
        Assert.Equal("20", section.GetValue("queuetimeout"));
        Assert.Equal("Shop.Cart.CartObj", section.GetValue("servant"));
        Assert.Equal("tars", section.GetValue("protocol"));
    }

    [Fact]
    public void Local_is_the_admin_port_on_every_address_and_node_is_empty_on_an_engine_managed_node()
    {
        var doc = Build(Row(), DefaultTemplate.Profile);

        Assert.Equal("tcp -h 0.0.0.0 -p 31234 -t 10000", doc.GetValue("/tars/application/server<local>"));
        Assert.Equal("", doc.GetValue("/tars/application/server<node>"));
        Assert.Equal("tcp -h 127.0.0.1 -p 31234 -t 10000", ServiceConfigFile.AdminEndpoint(31234, inContainer: false));
    }

    [Fact]
    public void Without_a_known_framework_the_locator_is_a_well_formed_loopback_one()
    {
        var doc = Build(Row(), DefaultTemplate.Profile, new ServiceConfigSettings { Locator = null, AdminPort = 30001 });

        Assert.Equal(ServiceConfigFile.NoFrameworkLocator, doc.GetValue("/tars/application/client<locator>"));
        Assert.StartsWith("tars.tarsregistry.QueryObj@tcp -h 127.0.0.1 -p 17890", ServiceConfigFile.NoFrameworkLocator);
    }

    [Fact]
    public void Every_macro_tarsnode_fills_is_filled()
    {
        var row = Row();
        row.EnableSet = "Y";
        row.SetName = "mtt";
        row.SetArea = "s";
        row.SetGroup = "1";
        var names = new[] { "modulename", "app", "server", "nodename", "serverid", "localip", "exe", "basepath", "datapath", "logpath", "local",
            "locator", "priKey", "mainclass", "config-center-port", "setdivision", "enableset", "asyncthread", "baseimage", "sha" };
        var template = "<tars>\n<application>\n<server>\n" + string.Concat(names.Select(n => $"m-{n}=${{{n}}}\n")) + "</server>\n</application>\n</tars>\n";

        var doc = Build(row, template, new ServiceConfigSettings { Locator = Locator, AdminPort = 30500, BaseImage = "reg:5000/cpp:v1", Sha = "sha256:abc" });

        string Value(string name) => doc.GetValue($"/tars/application/server<m-{name}>")!;
        Assert.Equal(
            [
                "Shop.Cart", "Shop", "Cart", "10.0.0.7", "Shop.Cart", "10.0.0.7", "/usr/local/app/tars/tarsnode/data/Shop.Cart/bin/Cart",
                "/usr/local/app/tars/tarsnode/data/Shop.Cart/bin/", "/usr/local/app/tars/tarsnode/data/Shop.Cart/data/", "/usr/local/app/tars/app_log",
                "tcp -h 0.0.0.0 -p 30500 -t 10000", Locator, "", "com.qq.shop.cart.Cart", "9000", "mtt.s.1", "y", "3", "reg:5000/cpp:v1", "sha256:abc",
            ],
            names.Select(Value));
    }

    [Fact]
    public void Without_a_set_the_division_is_null_and_set_is_off()
    {
        var doc = Build(Row(), "<tars>\n<application>\nenableset=${enableset}\nsetdivision=${setdivision}\n</application>\n</tars>\n");

        Assert.Equal(("n", "NULL"), (doc.GetValue("/tars/application<enableset>"), doc.GetValue("/tars/application<setdivision>")));
    }

    [Theory]
    [InlineData("tars_cpp", 1, null, 3)]
    [InlineData("tars_cpp", 8, null, 8)]
    [InlineData("tars_cpp", null, null, 3)]
    [InlineData("tars_nodejs", 0, null, 0)]
    [InlineData("tars_nodejs", 2, null, 2)]
    [InlineData("tars_cpp", 8, "12", 12)]
    [InlineData("tars_cpp", 8, "x", 0)]
    public void Async_threads_are_at_least_three_zero_for_nodejs_unless_the_private_profile_says(string type, int? configured, string? profile, int expected)
    {
        var row = Row();
        row.ServerType = type;
        row.AsyncThreadNum = configured;
        row.Profile = profile is null ? "" : $"<tars>\n<application>\n<client>\nasyncthread={profile}\n</client>\n</application>\n</tars>\n";

        Assert.Equal(expected, ServiceConfigFile.AsyncThreads(row));
    }

    [Fact]
    public void The_template_overrides_node_and_adapter_keys_as_in_tarsnode_and_backslash_s_becomes_a_space()
    {
        var doc = Build(Row(),
            "<tars>\n<application>\n<server>\nnode=tars.tarsnode.ServerObj@tcp -h 10.0.0.7 -p 19386\nwelcome=hello\\sworld\n<Shop.Cart.CartObjAdapter>\nthreads=16\n</Shop.Cart.CartObjAdapter>\n</server>\n</application>\n</tars>\n",
            adapters: Adapter);

        Assert.Equal("tars.tarsnode.ServerObj@tcp -h 10.0.0.7 -p 19386", doc.GetValue("/tars/application/server<node>"));
        Assert.Equal("16", doc.FindSection("tars", "application", "server", "Shop.Cart.CartObjAdapter")!.GetValue("threads"));
        Assert.Equal("Shop.Cart.CartObj", doc.FindSection("tars", "application", "server", "Shop.Cart.CartObjAdapter")!.GetValue("servant"));
        Assert.Equal("hello world", doc.GetValue("/tars/application/server<welcome>"));
    }

    [Fact]
    public void Placeholders_are_filled_in_the_template_only_not_in_adapter_values()
    {
        var adapter = new AdapterConfRow { AdapterName = "Shop.Cart.XObjAdapter", Endpoint = "tcp -h 1.2.3.4 -p 1 -t 1", Servant = "${app}.X", AllowIp = "" };

        var doc = Build(Row(), "<tars>\n<application>\n<server>\napp=${app}\n</server>\n</application>\n</tars>\n", adapters: adapter);

        Assert.Equal("${app}.X", doc.FindSection("tars", "application", "server", "Shop.Cart.XObjAdapter")!.GetValue("servant"));
    }
}
