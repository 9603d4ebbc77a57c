using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using Xunit;
using LogsPage = TarsDashboard.Components.Pages.Logs;

namespace TarsDashboard.Tests.Components;

/// <summary>The Logs page: the URL names the source, the grants decide what opens, a bad id is explained.</summary>
public sealed class LogsPageTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public void The_source_in_the_url_is_followed_and_offered_for_download()
    {
        var journal = Core.Get<JournalLog>();
        journal.Write("page-node", null, "engine reachable");

        var cut = RenderAt("/logs?source=journal:node:page-node");

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#logs").GetAttribute("data-ready")), Wait);
        cut.WaitForAssertion(() => Assert.Contains("engine reachable", cut.Find("[data-seq] .log-text").TextContent), Wait);
        journal.Write("page-node", null, "later line");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-seq]").Count), Wait);
        Assert.Equal("/logs/download?source=journal%3Anode%3Apage-node", cut.Find("[data-testid=log-download]").GetAttribute("href"));
    }

    [Fact]
    public async Task Quick_choices_offer_each_node_journal_as_a_link()
    {
        await Core.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "pick-node", Endpoint = "tcp://127.0.0.1:1", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });

        var cut = RenderAt("/logs");

        cut.WaitForAssertion(() => Assert.Equal("/logs?source=journal%3Anode%3Apick-node",
            cut.Find("a[data-source='journal:node:pick-node']").GetAttribute("href")), Wait);
        Assert.Empty(cut.FindAll(".log-viewer"));
    }

    [Fact]
    public void A_malformed_source_is_explained_not_opened()
    {
        var cut = RenderAt("/logs?source=container:bad node:x");

        cut.WaitForAssertion(() => Assert.Contains("node name", cut.Find("[data-testid=log-source-error]").TextContent), Wait);
        Assert.Empty(cut.FindAll(".log-viewer"));
    }

    [Fact]
    public async Task A_developer_is_denied_a_node_journal_but_may_follow_their_service_journal()
    {
        var users = Core.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        Core.Get<JournalLog>().Write("page-node", "Test.Hello", "container created");
        Auth.SetAuthorized("dev1");

        var denied = RenderAt("/logs?source=journal:node:page-node");
        denied.WaitForAssertion(() => Assert.NotNull(denied.Find("[data-testid=access-denied]")), Wait);
        Assert.Empty(denied.FindAll(".log-viewer"));

        var allowed = RenderAt("/logs?source=journal:service:Test.Hello");
        allowed.WaitForAssertion(() => Assert.Contains("container created", allowed.Find("[data-seq] .log-text").TextContent), Wait);
    }

    [Fact]
    public void Several_sources_in_the_url_are_merged_and_each_can_be_removed()
    {
        var journal = Core.Get<JournalLog>();
        journal.Write("merge-a", null, "from a");
        journal.Write("merge-b", null, "from b");

        var cut = RenderAt("/logs?source=journal:node:merge-a&source=journal:node:merge-b&q=from");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-seq]").Count), Wait);
        Assert.Equal(["journal:node:merge-a", "journal:node:merge-b"], cut.FindAll("[data-seq]").Select(row => row.GetAttribute("data-source")));
        Assert.Equal(["journal@merge-a", "journal@merge-b"], cut.FindAll("[data-seq] .log-source").Select(prefix => prefix.TextContent));
        Assert.Equal(2, cut.FindAll("[data-testid=log-sources] [data-source]").Count);
        Assert.Equal("from", cut.Find(".log-search input").GetAttribute("value"));

        Assert.Equal("/logs/download?source=journal%3Anode%3Amerge-b&full=true",
            cut.Find("[data-testid=log-sources] [data-source='journal:node:merge-b'] [data-testid=log-download-source]").GetAttribute("href"));
        var remove = cut.Find("[data-testid=log-sources] [data-source='journal:node:merge-a'] [data-testid=log-remove-source]");
        Assert.Equal("Remove journal@merge-a from the view", remove.GetAttribute("aria-label"));
        remove.Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith("/logs?source=journal%3Anode%3Amerge-b&q=from", navigation.Uri), Wait);
    }

    [Fact]
    public void A_filter_in_the_url_shows_only_the_lines_that_mention_it()
    {
        var journal = Core.Get<JournalLog>();
        journal.Write("filter-node", "Fail.Server", "start failed");
        journal.Write("filter-node", "Calm.Server", "started");

        var cut = RenderAt("/logs?source=journal:node:filter-node&filter=Fail.Server");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-seq]")), Wait);
        Assert.Contains("Fail.Server: start failed", cut.Find("[data-seq] .log-text").TextContent);
        Assert.Equal("Fail.Server", cut.Find(".log-search input").GetAttribute("value"));
    }

    private IRenderedComponent<LogsPage> RenderAt(string url)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return Render<LogsPage>();
    }
}
