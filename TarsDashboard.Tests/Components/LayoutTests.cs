using Bunit;
using Microsoft.AspNetCore.Components;
using TarsDashboard.Components.Layout;
using Xunit;

namespace TarsDashboard.Tests.Components;

public sealed class LayoutTests : DashboardComponentTest
{
    [Fact]
    public void Navigation_links_every_section_and_the_app_bar_names_its_controls()
    {
        var cut = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        var links = cut.FindAll("nav a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Equal(
        [
            ("/", "Overview"), ("/services", "Services"), ("/images", "Images"), ("/nodes", "Nodes"), ("/logs", "Logs"),
            ("/templates", "Templates"), ("/deploy", "Deploy"), ("/tasks", "Tasks"), ("/users", "Users"), ("/audit", "Audit"),
        ], links);
        Assert.Contains("page body", cut.Markup);
        Assert.NotNull(cut.Find("button[aria-label='Language']"));
        Assert.Equal("admin", cut.Find("[data-testid=user-name]").TextContent.Trim());
        Assert.All(cut.FindAll("button"), b => Assert.False(
            string.IsNullOrWhiteSpace(b.GetAttribute("aria-label")) && string.IsNullOrWhiteSpace(b.TextContent),
            $"button without an accessible name: {b.OuterHtml}"));
    }

    [Fact]
    public void A_section_not_built_yet_says_so()
    {
        var cut = Render<TarsDashboard.Components.Controls.ComingSoon>(p => p.Add(x => x.Title, "Later").Add(x => x.Description, "Soon."));

        Assert.Contains("not built yet", cut.Markup);
    }

    [Fact]
    public void The_deploy_page_leads_to_the_service_wizard()
    {
        var cut = Render<TarsDashboard.Components.Pages.Deploy>();

        Assert.NotNull(cut.Find("[data-wizard=Service] a[href='/deploy/service']"));
    }
}
