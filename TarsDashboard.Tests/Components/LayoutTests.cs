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
            ("/templates", "Templates"), ("/deploy", "Deploy"), ("/tasks", "Tasks"), ("/alerts", "Alerts"), ("/users", "Users"), ("/audit", "Audit"),
        ], links);
        Assert.Contains("page body", cut.Markup);
        Assert.NotNull(cut.Find("button[aria-label='Language']"));
        Assert.Equal("admin", cut.Find("[data-testid=user-name]").TextContent.Trim());
        Assert.All(cut.FindAll("button"), b => Assert.False(
            string.IsNullOrWhiteSpace(b.GetAttribute("aria-label")) && string.IsNullOrWhiteSpace(b.TextContent),
            $"button without an accessible name: {b.OuterHtml}"));
    }
}
