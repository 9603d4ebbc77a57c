using Bunit;
using Docker.DotNet;
using Docker.DotNet.Models;
using MudBlazor;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Deploy.Framework;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Components;
using TarsDashboard.Tests.Infrastructure;
using Xunit;
using DeployFrameworkPage = TarsDashboard.Components.Pages.DeployFramework;

namespace TarsDashboard.Tests.Deploy.Framework;

/// <summary>The wizard's Docker mode end to end on node1: resumed draft, password typed again, deploy, live steps.</summary>
[Collection("infra")]
public sealed class DeployFrameworkProgressTests(InfraFixture infra) : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");
    private readonly DirectoryInfo _hostPath = Directory.CreateTempSubdirectory("tdash-fwui-");
    private readonly string _network = "tdash-fwui-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _prefix = $"10.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(0, 255)}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Render<MudPopoverProvider>();
        await Core.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await StandInImages.BuildAsync(infra.Node1);
        var draft = new FrameworkWizardDraft
        {
            Docker = new FrameworkDockerInput
            {
                MySqlHost = "db.example.com",
                NetworkName = _network,
                Subnet = $"{_prefix}.0/24",
                FrameworkIp = $"{_prefix}.3",
                NodeIps = $"{_prefix}.5",
                NodeCount = 1,
                TarsHostpath = _hostPath.FullName,
                FrameworkImage = "tarsdash-test/framework",
                FrameworkTag = "stand-in",
                NodeImage = "tarsdash-test/tars-node",
                NodeTag = "stand-in",
                DockerSocket = infra.Node1.SocketPath,
                WebHostPort = FreePort.Next(),
                NodeHostPortBase = FreePort.Next(),
                Replace = true,
            },
        };
        await Core.Get<WizardDraftStore>().SaveAsync(Admin, FrameworkWizardDraft.Kind, 0, draft);
    }

    // The base class owns DisposeAsync; the test calls this in its finally block.
    private async Task CleanUpAsync()
    {
        using var client = DockerClientPool.Create(infra.Node1.Endpoint, "");
        foreach (var name in new[] { "tars-framework", "tars-node-0" })
        {
            try
            {
                await client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }

        try
        {
            await client.Networks.DeleteNetworkAsync(_network);
        }
        catch (DockerApiException)
        {
        }

        try
        {
            _hostPath.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Deploy_shows_each_step_live_and_then_the_outcome()
    {
        try
        {
            DeployThroughThePage();
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    private void DeployThroughThePage()
    {
        var cut = Render<DeployFrameworkPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=framework-resumed]")));
        cut.Find("[data-field=MySqlPassword] input").Input("pw-typed-again");
        for (var step = 0; step < 3; step++)
        {
            cut.Find("[data-testid=framework-next]").Click();
        }

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=framework-deploy]")));
        cut.Find("[data-testid=framework-deploy]").Click();

        cut.WaitForAssertion(() => Assert.Contains("was deployed to node1", cut.Find("[data-testid=framework-result]").TextContent), TimeSpan.FromSeconds(60));
        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("[data-testid=framework-progress] [data-state]");
            Assert.Contains(rows, r => r.TextContent.Contains("start container tars-node-0", StringComparison.Ordinal) && r.GetAttribute("data-state") == "Succeeded");
            Assert.All(rows, r => Assert.Equal("Succeeded", r.GetAttribute("data-state")));
        });
        Assert.DoesNotContain("pw-typed-again", cut.Markup, StringComparison.Ordinal);
    }
}
