using Bunit;
using TarsDashboard.Components.Pages;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Core.Deploy.Node;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>The add-node wizard: each step checked before the next, resumable, ending in a live progress view.</summary>
[Collection("infra")]
public sealed class DeployNodePageTests(InfraFixture infra) : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task An_unreachable_endpoint_keeps_the_wizard_on_its_first_step_with_the_reason_by_the_field()
    {
        var cut = Render<DeployNode>();
        cut.WaitForAssertion(() => cut.Find(".field-endpoint input"));

        cut.Find(".field-endpoint input").Input("tcp://127.0.0.1:" + FreePort.Next());
        await cut.InvokeAsync(() => cut.Button("Next").Click());

        cut.WaitForAssertion(() => Assert.StartsWith("The engine did not answer", cut.FieldError("field-endpoint") ?? ""), TimeSpan.FromSeconds(20));
        Assert.NotNull(cut.Find(".field-endpoint input"));
        Assert.Empty(cut.FindAll(".field-name input"));
        cut.AssertEveryButtonIsNamed();
    }

    [Fact]
    public async Task A_taken_name_is_refused_by_its_field_then_the_wizard_resumes_and_adds_the_node()
    {
        await Core.Get<NodeService>().AddAsync(Admin, new NodeInput { Name = "taken", Endpoint = infra.Node1.Endpoint });
        var cut = Render<DeployNode>();
        cut.WaitForAssertion(() => cut.Find(".field-endpoint input"));

        cut.Find(".field-endpoint input").Input(infra.Node1.Endpoint);
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => cut.Find(".field-name input"), TimeSpan.FromSeconds(20));
        cut.Find(".field-name input").Input("taken");
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => Assert.Equal("A node with this name already exists.", cut.FieldError("field-name")));

        cut.Find(".field-name input").Input("wizard-node");
        cut.Find(".field-labels input").Input("rack=w");
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => cut.Find(".field-sync"));

        // Leave and come back: the draft brings back the step and the values.
        var draft = await Core.Get<WizardDraftStore>().LoadAsync<NodeDeployRequest>(Admin, DeployNode.DraftKind);
        Assert.Equal((2, "wizard-node"), (draft!.Step, draft.Data.Node.Name));
        var again = Render<DeployNode>();
        again.WaitForAssertion(() => again.Find("[data-testid=wizard-resumed]"));
        again.Find(".field-sync input").Change(false);
        await again.InvokeAsync(() => again.Button("Next").Click());
        again.WaitForAssertion(() => again.Find(".field-start-agent"));
        await again.InvokeAsync(() => again.Button("Next").Click());
        again.WaitForAssertion(() => Assert.Contains("wizard-node", again.Find("[data-testid=node-wizard-review]").TextContent));

        await again.InvokeAsync(() => again.Button("Add the node").Click());

        again.WaitForAssertion(() => Assert.Equal("Node wizard-node is added.", again.Find("[data-testid=node-wizard-result]").TextContent.Trim()), TimeSpan.FromSeconds(20));
        again.WaitForAssertion(() => Assert.Equal("Succeeded", again.Find("[data-step=add]").GetAttribute("data-state")));
        Assert.Equal("rack=w", (await Core.Get<NodeService>().GetAsync(Admin, "wizard-node"))!.Labels);
        Assert.Null(await Core.Get<WizardDraftStore>().LoadAsync(Admin, DeployNode.DraftKind));
    }

    [Fact]
    public async Task Bad_agent_settings_are_shown_by_their_fields()
    {
        var cut = Render<DeployNode>();
        cut.WaitForAssertion(() => cut.Find(".field-endpoint input"));
        cut.Find(".field-endpoint input").Input(infra.Node2.Endpoint);
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => cut.Find(".field-name input"), TimeSpan.FromSeconds(20));
        cut.Find(".field-name input").Input("agent-node");
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => cut.Find(".field-sync"));
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => cut.Find(".field-start-agent input"));

        cut.Find(".field-start-agent input").Change(true);
        cut.WaitForAssertion(() => cut.Find(".field-agent-webhost input"));
        Assert.Equal(infra.Node2.SocketPath, cut.Find(".field-agent-dockersocketsource input").GetAttribute("value"));
        cut.Find(".field-agent-webhost input").Input("ftp://nowhere");
        await cut.InvokeAsync(() => cut.Button("Next").Click());

        cut.WaitForAssertion(() => Assert.Equal("Enter the framework's web address, e.g. http://10.0.0.5:3000.", cut.FieldError("field-agent-webhost")));
        Assert.Empty(cut.FindAll("[data-testid=node-wizard-review]"));
    }

    [Fact]
    public async Task A_name_a_tarsnode_heartbeats_for_is_refused_by_the_kind_on_the_identity_step_and_the_switch_lets_it_on()
    {
        await TarsnodeTraces.SetHeartbeatAsync(Core.Get<TarsDashboard.Core.Data.TarsDatabase>(), "beating-node", 1);
        var cut = Render<DeployNode>();
        cut.WaitForAssertion(() => cut.Find(".field-endpoint input"));
        cut.Find(".field-endpoint input").Input(infra.Node1.Endpoint);
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => cut.Find(".field-name input"), TimeSpan.FromSeconds(20));

        cut.Find(".field-name input").Input("beating-node");
        await cut.InvokeAsync(() => cut.Button("Next").Click());

        cut.WaitForAssertion(() => Assert.StartsWith("A tarsnode sends heartbeats for beating-node (last ",
            cut.Find("[data-testid=node-management-error]").TextContent.Trim()));
        Assert.Empty(cut.FindAll(".field-sync"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=switch-to-tarsnode]").Click());
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => cut.Find(".field-sync"));
    }

    [Fact]
    public async Task Starting_a_tarsnode_agent_makes_the_node_tarsnode_managed_and_the_review_says_so()
    {
        var cut = Render<DeployNode>();
        cut.WaitForAssertion(() => cut.Find(".field-endpoint input"));
        cut.Find(".field-endpoint input").Input(infra.Node2.Endpoint);
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => cut.Find(".field-name input"), TimeSpan.FromSeconds(20));
        Assert.Equal("engine", cut.Find("[data-testid=node-management]").GetAttribute("data-value"));
        cut.Find(".field-name input").Input("agent-kind-node");
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => cut.Find(".field-sync"));
        await cut.InvokeAsync(() => cut.Button("Next").Click());
        cut.WaitForAssertion(() => cut.Find(".field-start-agent input"));

        cut.Find(".field-start-agent input").Change(true);
        cut.WaitForAssertion(() => cut.Find(".field-agent-webhost input"));
        cut.Find(".field-agent-webhost input").Input("http://172.25.0.3:3000");
        await cut.InvokeAsync(() => cut.Button("Next").Click());

        cut.WaitForAssertion(() => Assert.Equal("Tarsnode-managed", cut.Find("[data-testid=node-wizard-management]").TextContent.Trim()));
    }
}
