using Bunit;
using MudBlazor;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Tests.Support;
using Xunit;
using NodesPage = TarsDashboard.Components.Pages.Nodes;

namespace TarsDashboard.Tests.Components;

/// <summary>
/// The Nodes page and node dialog beside a tarsnode: each node's kind and heartbeat, the framework locator, the
/// refusal of an engine-managed node a tarsnode heartbeats for with the offer to switch, and the stale heartbeat notice.
/// </summary>
public sealed class NodeKindsPageTests : DashboardComponentTest
{
    private TarsDatabase Database => Core.Get<TarsDatabase>();

    [Fact]
    public async Task Each_node_shows_its_kind_and_a_tarsnode_managed_one_its_heartbeat_age_and_state()
    {
        await InsertNodeAsync("engine1", NodeManagement.Engine, "unix:///nowhere.sock");
        await InsertNodeAsync("beating", NodeManagement.Engine, "unix:///nowhere.sock");
        await InsertNodeAsync("tars1", NodeManagement.Tarsnode, "");
        await InsertNodeAsync("tars2", NodeManagement.Tarsnode, "unix:///nowhere.sock");
        await TarsnodeTraces.SetHeartbeatAsync(Database, "beating", 1);
        await TarsnodeTraces.SetHeartbeatAsync(Database, "tars1", 7);

        var cut = Render<NodesPage>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=node-kind]").Count));

        string Kind(string node, string attribute) => cut.Find($"tr:has(td[data-node='{node}']) [data-testid=node-kind]").GetAttribute(attribute)!;
        Assert.Equal(("engine", "Dashboard"), (Kind("engine1", "data-management"), Kind("engine1", "data-owner")));
        Assert.Equal(("engine", "Conflict"), (Kind("beating", "data-management"), Kind("beating", "data-owner")));
        Assert.Equal(("tarsnode", "Tarsnode"), (Kind("tars1", "data-management"), Kind("tars1", "data-owner")));
        Assert.Contains("Tarsnode-managed", cut.Find("tr:has(td[data-node='tars1'])").TextContent);
        Assert.Matches(@"^heartbeat \d+ s ago · active$", cut.Find("tr:has(td[data-node='tars1']) [data-testid=node-kind-heartbeat]").TextContent.Trim());
        Assert.Equal("no tarsnode heartbeat yet", cut.Find("tr:has(td[data-node='tars2']) [data-testid=node-kind-heartbeat]").TextContent.Trim());
        Assert.StartsWith("A tarsnode heartbeats here (last ", cut.Find("tr:has(td[data-node='beating']) [data-testid=node-kind-conflict]").TextContent.Trim());
        Assert.Contains("— (no engine)", cut.Find("tr:has(td[data-node='tars1'])").TextContent);
        Assert.Empty(cut.FindAll("tr:has(td[data-node='engine1']) [data-testid=node-kind-heartbeat]"));
    }

    [Fact]
    public async Task The_framework_locator_found_in_db_tars_is_shown_with_where_it_came_from()
    {
        await Core.Get<AdapterConfRepository>().InsertAsync(new AdapterConfRow
        {
            Application = "tars", ServerName = "tarsregistry", NodeName = "10.0.0.5", AdapterName = "tars.tarsregistry.QueryObjAdapter",
            Servant = FrameworkLocator.QueryServant, Endpoint = "tcp -h 10.0.0.5 -t 60000 -p 17890",
        });

        var cut = Render<NodesPage>();

        cut.WaitForAssertion(() => Assert.Equal("Database", cut.Find("[data-testid=framework-locator]").GetAttribute("data-source")));
        var text = cut.Find("[data-testid=framework-locator]").TextContent;
        Assert.Contains("tars.tarsregistry.QueryObj@tcp -h 10.0.0.5 -p 17890", text);
        Assert.Contains("found in db_tars", text);
    }

    [Fact]
    public async Task An_engine_managed_node_a_tarsnode_heartbeats_for_is_refused_by_the_kind_and_the_dialog_offers_the_switch()
    {
        await TarsnodeTraces.SetHeartbeatAsync(Database, "10.0.0.8", 2);
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<NodesPage>();
        cut.WaitForAssertion(() => cut.Button("Add node"));
        await cut.InvokeAsync(() => cut.Button("Add node").Click());
        dialogs.WaitForAssertion(() => dialogs.Find(".field-name input"));

        dialogs.Find(".field-name input").Input("10.0.0.8");
        dialogs.Find(".field-endpoint input").Input("unix:///nowhere.sock");
        await dialogs.InvokeAsync(() => dialogs.Button("Save").Click());

        dialogs.WaitForAssertion(() => Assert.Matches(
            @"^A tarsnode sends heartbeats for 10\.0\.0\.8 \(last \d\d:\d\d:\d\d\); register it as tarsnode-managed\.$",
            dialogs.Find("[data-testid=node-management-error]").TextContent.Trim()));
        Assert.Equal("engine", dialogs.Find("[data-testid=node-management]").GetAttribute("data-value"));
        Assert.Empty(await Core.Get<NodeRepository>().ListAsync());
        Assert.Equal("Switch to tarsnode-managed", dialogs.Find("[data-testid=switch-to-tarsnode]").TextContent.Trim());

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=switch-to-tarsnode]").Click());
        dialogs.WaitForAssertion(() => Assert.Equal("tarsnode", dialogs.Find("[data-testid=node-management]").GetAttribute("data-value")));
        Assert.Empty(dialogs.FindAll("[data-testid=node-management-error]"));
        Assert.Empty(dialogs.FindAll("[data-testid=switch-to-tarsnode]"));
        dialogs.Find(".field-endpoint input").Input(""); // a tarsnode-managed node may come without its engine
        await dialogs.InvokeAsync(() => dialogs.Button("Save").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".field-name")));
        var saved = (await Core.Get<NodeRepository>().GetAsync("10.0.0.8"))!;
        Assert.Equal((NodeManagement.Tarsnode, ""), (saved.Management, saved.Endpoint));
        cut.WaitForAssertion(() => Assert.Equal("tarsnode", cut.Find("tr:has(td[data-node='10.0.0.8']) [data-testid=node-kind]").GetAttribute("data-management")));
    }

    [Fact]
    public async Task Editing_a_node_with_a_stale_heartbeat_says_saving_clears_it_and_then_that_it_did()
    {
        await InsertNodeAsync("10.0.0.7", NodeManagement.Engine, "unix:///nowhere.sock");
        await TarsnodeTraces.SetHeartbeatAsync(Database, "10.0.0.7", 600);
        var snackbars = Render<MudSnackbarProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<NodesPage>();
        cut.WaitForAssertion(() => cut.Find("button[aria-label='Edit 10.0.0.7']"));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Edit 10.0.0.7']").Click());

        dialogs.WaitForAssertion(() => Assert.StartsWith("A tarsnode once ran on 10.0.0.7 (last heartbeat ",
            dialogs.Find("[data-testid=node-management-stale]").TextContent.Trim()));
        Assert.Empty(dialogs.FindAll("[data-testid=switch-to-tarsnode]"));
        await dialogs.InvokeAsync(() => dialogs.Button("Save").Click());

        snackbars.WaitForAssertion(() => Assert.Contains("Cleared the stale tarsnode heartbeat of 10.0.0.7 (last ", snackbars.Markup));
        Assert.Null(await TarsnodeTraces.ReadHeartbeatAsync(Database, "10.0.0.7"));
    }

    private Task InsertNodeAsync(string name, string management, string endpoint) =>
        Core.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = name, Endpoint = endpoint, Management = management, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
}
