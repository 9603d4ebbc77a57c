using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Logs;
using Xunit;
using NodesPage = TarsDashboard.Components.Pages.Nodes;
using ServiceEditPage = TarsDashboard.Components.Pages.ServiceEdit;

namespace TarsDashboard.Tests.Components;

/// <summary>
/// "tarsnode log" on the Nodes page row and the service page, over a real engine with a busybox container standing in
/// for tars-node: one click opens the Logs page on the sources the resolver picks; no tarsnode is said so.
/// </summary>
[Collection("infra")]
public sealed class TarsnodeLogButtonTests(InfraFixture infra) : DashboardComponentTest
{
    private const string TarsnodeFolder = "/usr/local/app/tars/app_log/tars/tarsnode";
    private static readonly Caller Admin = new("admin");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Core.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        Render<MudPopoverProvider>();
    }

    private static string NewAgentName() => $"tars-node-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The sources of the Logs page URL the app navigated to.</summary>
    private string[] OpenedSources()
    {
        var uri = new Uri(Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Equal("/logs", uri.AbsolutePath);
        return uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .Where(p => p[0] == "source").Select(p => Uri.UnescapeDataString(p[1])).ToArray();
    }

    [Fact]
    public async Task The_Nodes_row_action_opens_tarsnode_s_own_log_in_the_tars_node_container()
    {
        await using var agent = await TestContainer.StartAsync(infra.Node1, NewAgentName(), "busybox sleep 3600");
        var cut = Render<NodesPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("button[aria-label='tarsnode log of node1']")));

        cut.Find("button[aria-label='tarsnode log of node1']").Click();

        cut.WaitForAssertion(() => Assert.Equal([$"file:node1:{agent.Name}:{TarsnodeFolder}/tars.tarsnode.log"], OpenedSources()));
    }

    [Fact]
    public void With_no_tarsnode_anywhere_the_action_says_so_and_stays_on_the_page()
    {
        var cut = Render<NodesPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("button[aria-label='tarsnode log of node1']")));
        var before = Services.GetRequiredService<NavigationManager>().Uri;

        cut.Find("button[aria-label='tarsnode log of node1']").Click();

        cut.WaitForAssertion(() => Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars,
            s => s.Message?.Contains("No tarsnode found for node1", StringComparison.Ordinal) == true));
        Assert.Equal(before, Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task The_service_page_offers_the_per_service_tarsnode_log_and_the_service_s_own_log()
    {
        await using var agent = await TestContainer.StartAsync(infra.Node1, NewAgentName(), "busybox sleep 3600");
        var id = await Core.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "node1", TemplateName = "tars.default", Profile = "", AsyncThreadNum = 3,
        });
        var cut = Render<ServiceEditPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=tarsnode-log-link]")), TimeSpan.FromSeconds(10));
        Assert.Equal("tarsnode log", cut.Find("[data-testid=tarsnode-log-link]").TextContent.Trim());

        cut.Find("[data-testid=tarsnode-log-link]").Click();

        cut.WaitForAssertion(() => Assert.Equal(
            [$"file:node1:{agent.Name}:{TarsnodeFolder}/tars.tarsnode.Test.Hello.log",
                $"file:node1:{agent.Name}:/usr/local/app/tars/app_log/Test/Hello/Test.Hello.log"],
            OpenedSources()));
    }

    [Fact]
    public async Task The_failed_start_link_merges_the_per_service_tarsnode_log_with_the_container_output()
    {
        var service = TestContainer.NewServiceName("Failing");
        var (application, server) = (service.Split('.')[0], service.Split('.')[1]);
        await using var agent = await TestContainer.StartAsync(infra.Node1, NewAgentName(), "busybox sleep 3600");
        await using var failed = await TestContainer.StartAsync(infra.Node1, service, "echo cannot read config; exit 3");
        var cut = Render<TarsnodeLogButton>(p => p
            .Add(x => x.Node, "node1").Add(x => x.Application, application).Add(x => x.Server, server)
            .Add(x => x.WithContainerOutput, true).Add(x => x.Text, "tarsnode log of this start").Add(x => x.TestId, "failure-tarsnode-log"));

        Assert.Equal("tarsnode log of this start", cut.Find("button[data-testid=failure-tarsnode-log]").GetAttribute("aria-label"));
        cut.Find("button[data-testid=failure-tarsnode-log]").Click();

        cut.WaitForAssertion(() => Assert.Equal(
            [$"file:node1:{agent.Name}:{TarsnodeFolder}/tars.tarsnode.{service}.log",
                $"file:node1:{agent.Name}:/usr/local/app/tars/app_log/{application}/{server}/{service}.log",
                $"container:node1:{service}"],
            OpenedSources()));
    }
}
