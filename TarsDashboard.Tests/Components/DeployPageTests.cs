using Bunit;
using TarsDashboard.Components.Pages;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Security;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The Deploy page: one card per wizard, and a wizard left half-way offers to resume.</summary>
public sealed class DeployPageTests : DashboardComponentTest
{
    [Fact]
    public async Task Every_wizard_has_a_card_and_a_half_done_one_offers_to_resume()
    {
        await Core.Get<WizardDraftStore>().SaveAsync(new Caller("admin"), DeployNode.DraftKind, 2, new { });

        var cut = Render<TarsDashboard.Components.Pages.Deploy>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=draft-Node]")));
        Assert.Equal(["Service", "Node", "Framework", "Setup"], cut.FindAll("[data-wizard]").Select(c => c.GetAttribute("data-wizard")));
        Assert.Equal(["/deploy/service", "/deploy/node", "/deploy/framework", "/setup"], cut.FindAll("[data-wizard] a").Select(a => a.GetAttribute("href")));
        Assert.Contains("Resume: Node", cut.Find("[data-wizard=Node] a").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=draft-Service]"));
    }
}
