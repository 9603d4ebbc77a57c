using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The Logs page's source browser: the search filters the tree, a click opens the source by its id.</summary>
public sealed class LogSourceBrowserTests : DashboardComponentTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_search_filters_the_tree_and_a_click_opens_the_source()
    {
        // Engines nobody listens on: the nodes are listed as unreachable, their journals still open.
        await AddNode("alpha-node");
        await AddNode("beta-node");

        var cut = Render<LogSourceBrowser>(p => p.Add(b => b.LinkFor, ids => "/logs?" + string.Join('&', ids.Select(id => "source=" + Uri.EscapeDataString(id)))));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-node][data-reachable=false]").Count), Wait);
        Assert.Equal(2, cut.FindAll("[data-testid=log-browser-unreachable]").Count);
        Assert.Equal(2, cut.FindAll("[data-testid=log-browser-retry]").Count);

        cut.Find(".browser-search input").Input("bta");
        cut.WaitForAssertion(() => Assert.Equal(["beta-node"], cut.FindAll("[data-node]").Select(n => n.GetAttribute("data-node"))), Wait);

        cut.Find("[data-browse='journal:node:beta-node']").Click();
        Assert.EndsWith("/logs?source=journal%3Anode%3Abeta-node", Services.GetRequiredService<NavigationManager>().Uri);

        cut.Find(".browser-search input").Input("zzz-nothing");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=log-browser-none]")), Wait);
    }

    [Fact]
    public async Task The_sources_open_now_are_marked_as_current()
    {
        await AddNode("shown-node");
        await AddNode("other-node");

        var cut = Render<LogSourceBrowser>(p => p
            .Add(b => b.LinkFor, ids => "/logs?" + string.Join('&', ids))
            .Add(b => b.Current, ["journal:node:shown-node"]));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-browse='journal:node:other-node']")), Wait);
        Assert.Equal("true", cut.Find("[data-browse='journal:node:shown-node']").GetAttribute("aria-current"));
        Assert.False(cut.Find("[data-browse='journal:node:other-node']").HasAttribute("aria-current"));
    }

    [Fact]
    public async Task Selected_sources_open_merged()
    {
        await AddNode("merge-one");
        await AddNode("merge-two");

        var cut = Render<LogSourceBrowser>(p => p.Add(b => b.LinkFor, ids => "/logs?" + string.Join('&', ids.Select(id => "source=" + id))));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-select='journal:node:merge-two']")), Wait);
        Assert.True(cut.Find("[data-testid=log-browser-open-selected]").HasAttribute("disabled"));
        cut.Find("[data-select='journal:node:merge-one']").Change(true);
        cut.Find("[data-select='journal:node:merge-two']").Change(true);
        cut.Find("[data-testid=log-browser-open-selected]").Click();

        Assert.EndsWith("/logs?source=journal:node:merge-one&source=journal:node:merge-two", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_container_change_on_the_event_stream_lists_again_without_a_reload()
    {
        await AddNode("first-node");
        var cut = Render<LogSourceBrowser>(p => p.Add(b => b.LinkFor, ids => "/logs?" + string.Join('&', ids)));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-node=first-node]")), Wait);

        await AddNode("later-node");
        Assert.Empty(cut.FindAll("[data-node=later-node]"));
        Core.Get<LiveEventBus>().Publish(new ContainerChanged("later-node", "Test.Hello", "create"));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-node=later-node]")), Wait);
    }

    private Task<int> AddNode(string name) => Core.Get<NodeRepository>().InsertAsync(new NodeRow
    {
        NodeName = name, Endpoint = "tcp://127.0.0.1:1", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
    });
}
