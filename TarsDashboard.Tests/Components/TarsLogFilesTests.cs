using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Tests.Tars.FakeFramework;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>
/// A tarsnode-managed node without an engine: its services' log files and tarsnode's own come through the framework
/// (a loopback QueryObj and AdminRegObj that accept only the fixed commands), in the source browser and on the
/// service page's Logs tab; a framework that does not answer fails only the entry asked, with a Retry.
/// </summary>
public sealed class TarsLogFilesTests : DashboardComponentTest
{
    private const string Node = "tnode1";
    private readonly TarsTestServer _server = TarsTestServer.Start();
    private readonly FakeTarsnodeLogs _framework;

    public TarsLogFilesTests()
    {
        _framework = new FakeTarsnodeLogs(_server);
        _framework.File(Node, "Test", "Hello", "Test.Hello.log").Append("current\n");
        _framework.File(Node, "Test", "Hello", "Test.Hello_20261201.log").Append("rotated\n");
        _framework.File(Node, "tars", "tarsnode", "tars.tarsnode.log").Append("keep alive\n");
    }

    protected override IDictionary<string, string?> CoreSettings => new Dictionary<string, string?>
    {
        ["Framework:Locator"] = _framework.Locator,
        ["Framework:CallTimeoutSeconds"] = "2",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Core.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = Node, Endpoint = "", Management = NodeManagement.Tarsnode, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        await Core.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = Node, TemplateName = "tars.default", Profile = "",
        });
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _server.DisposeAsync();
        _server.AssertNoUnexpectedCalls();
    }

    private IRenderedComponent<LogSourceBrowser> RenderBrowser()
    {
        var cut = Render<LogSourceBrowser>(p => p.Add(b => b.LinkFor, ids => "/logs?" + string.Join('&', ids.Select(id => "source=" + id))));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-service='Test.Hello']")));
        return cut;
    }

    [Fact]
    public void The_browser_lists_a_tarsnode_node_s_service_files_rotated_ones_too_and_tarsnode_s_folder_and_opens_them_as_Tars_logs()
    {
        var cut = RenderBrowser();
        Assert.NotNull(cut.Find($"[data-node={Node}] [data-testid=log-browser-tarsnode-managed]"));

        cut.Find("[data-service='Test.Hello'] [data-testid=log-browser-files]").Click();
        cut.WaitForAssertion(() => Assert.Equal(
            [$"tarslog:{Node}:Test.Hello:Test.Hello.log", $"tarslog:{Node}:Test.Hello:Test.Hello_20261201.log"],
            cut.FindAll("[data-service='Test.Hello'] .browser-entry [data-browse]").Select(e => e.GetAttribute("data-browse"))));
        cut.Find("[data-tarsnode=tnode1] [data-testid=log-browser-files]").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"[data-tarsnode=tnode1] [data-browse='tarslog:{Node}:tars.tarsnode:tars.tarsnode.log']")));

        cut.Find($"[data-browse='tarslog:{Node}:Test.Hello:Test.Hello.log']").Click();
        cut.WaitForAssertion(() =>
            Assert.EndsWith($"/logs?source=tarslog:{Node}:Test.Hello:Test.Hello.log", Services.GetRequiredService<NavigationManager>().Uri));
    }

    [Fact]
    public async Task A_framework_that_does_not_answer_fails_only_the_entry_asked_and_Retry_lists_it_once_it_is_back()
    {
        var cut = RenderBrowser();
        await _server.StopAsync();

        cut.Find("[data-service='Test.Hello'] [data-testid=log-browser-files]").Click();
        cut.WaitForAssertion(() => Assert.Equal("NodeUnreachable", cut.Find("[data-testid=log-browser-files-failed]").GetAttribute("data-failure")));
        Assert.NotNull(cut.Find($"[data-browse='journal:node:{Node}']"));
        Assert.NotNull(cut.Find("[data-tarsnode=tnode1]"));

        _server.Restart();
        cut.Find("[data-testid=log-browser-files-failed] button[aria-label='Log files of Test.Hello']").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-service='Test.Hello'] .browser-entry").Count));
        Assert.Empty(cut.FindAll("[data-testid=log-browser-files-failed]"));
    }

    [Fact]
    public void The_service_page_s_Logs_tab_on_a_tarsnode_node_lists_the_files_tarsnode_lists()
    {
        var cut = Render<ServiceLogsTab>(p => p.Add(t => t.Node, Node).Add(t => t.Application, "Test").Add(t => t.Server, "Hello"));

        cut.WaitForAssertion(() => Assert.Equal(
            [$"tarslog:{Node}:Test.Hello:Test.Hello.log", $"tarslog:{Node}:Test.Hello:Test.Hello_20261201.log"],
            cut.FindAll("[data-testid=service-log-file]").Select(e => e.GetAttribute("data-source"))));
        Assert.Equal($"/logs?source={Uri.EscapeDataString($"tarslog:{Node}:Test.Hello:Test.Hello.log")}",
            cut.Find("[data-testid=service-log-file]").GetAttribute("href"));
    }
}
