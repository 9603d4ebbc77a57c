using Dapper;
using TarsDashboard.Core.Alerts;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>Alert rules and history in the dashboard's database; each provider runs all of them through a subclass.</summary>
public abstract class AlertDataContract
{
    private static readonly Caller Admin = new("admin");
    private const string SecretUrl = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    private async Task<CoreHost> MigratedHostAsync() => await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync());

    private static AlertRuleInput Input(string name, string scope, AlertKind kind = AlertKind.ContainerExited) => new()
    {
        Name = name,
        Scope = scope,
        Kind = kind,
        ChannelKind = WebhookKind.DingTalk,
        WebhookUrl = SecretUrl,
    };

    [Fact]
    public async Task A_rule_round_trips_with_its_webhook_encrypted_and_shown_masked()
    {
        await using var host = await MigratedHostAsync();
        var alerts = host.Get<AlertService>();

        var id = await alerts.AddRuleAsync(Admin, Input("exits of Test", "Test"));

        var stored = await RawWebhookAsync(host, id);
        Assert.StartsWith("enc:v1:", stored);
        Assert.DoesNotContain("access_token", stored);
        var rule = Assert.Single(await alerts.ListRulesAsync(Admin));
        Assert.Equal(("exits of Test", "Test", WebhookKind.DingTalk, "https://oapi.dingtalk.com/…"), (rule.Name, rule.Scope, rule.ChannelKind, rule.WebhookDisplay));

        var edit = AlertRuleInput.From(rule);
        edit.Kind = AlertKind.RestartLoop;
        edit.Threshold = 3;
        edit.WindowMinutes = 10;
        await alerts.UpdateRuleAsync(Admin, id, edit);
        var edited = Assert.Single(await alerts.ListRulesAsync(Admin));
        Assert.Equal((AlertKind.RestartLoop, 3, 10), (edited.Kind, edited.Threshold, edited.WindowMinutes));
        Assert.Equal(stored, await RawWebhookAsync(host, id));

        await alerts.DeleteRuleAsync(Admin, id);
        Assert.Empty(await alerts.ListRulesAsync(Admin));
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "alert.rule"));
        Assert.Equal(["alert.rule.delete", "alert.rule.update", "alert.rule.add"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.DoesNotContain("access_token", (a.BeforeJson ?? "") + a.AfterJson));
    }

    [Fact]
    public async Task Bad_input_stores_nothing_and_names_the_fields()
    {
        await using var host = await MigratedHostAsync();
        var alerts = host.Get<AlertService>();
        var input = Input("", "Test");
        input.WebhookUrl = "javascript:alert(1)";

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => alerts.AddRuleAsync(Admin, input));

        Assert.Equal(["Name", "WebhookUrl"], refused.Errors.Select(e => e.Field));
        Assert.Empty(await alerts.ListRulesAsync(Admin));
    }

    [Fact]
    public async Task A_developer_sees_and_manages_only_their_applications_rules_and_history()
    {
        await using var host = await MigratedHostAsync();
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev1-pass-123" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        var dev = new Caller("dev1");
        var alerts = host.Get<AlertService>();
        await alerts.AddRuleAsync(Admin, Input("all", "*"));
        var shopRule = await alerts.AddRuleAsync(Admin, Input("shop", "Shop"));

        var mine = await alerts.AddRuleAsync(dev, Input("mine", "Test.Hello"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => alerts.AddRuleAsync(dev, Input("theirs", "Shop")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => alerts.AddRuleAsync(dev, Input("global", "*")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => alerts.DeleteRuleAsync(dev, shopRule));
        // Moving a rule into one's own scope does not take it from someone else's.
        await Assert.ThrowsAsync<AccessDeniedException>(() => alerts.UpdateRuleAsync(dev, shopRule, Input("stolen", "Test")));

        Assert.Equal(["mine"], (await alerts.ListRulesAsync(dev)).Select(r => r.Name));
        Assert.Equal(["all", "mine", "shop"], (await alerts.ListRulesAsync(Admin)).Select(r => r.Name));
        Assert.False(await alerts.MayManageGlobalAsync(dev));

        var history = host.Get<AlertHistoryRepository>();
        await history.InsertAsync(Entry(mine, "Test", "Test.Hello", "Test.Hello on n1"));
        await history.InsertAsync(Entry(shopRule, "Shop", "Shop.Cart", "Shop.Cart on n1"));
        await history.InsertAsync(Entry(1, "", "", "node n1"));

        var (devRows, devTotal) = await alerts.QueryHistoryAsync(dev, new AlertHistoryQuery());
        Assert.Equal((1, "Test.Hello on n1"), (devTotal, Assert.Single(devRows).Target));
        var (adminRows, _) = await alerts.QueryHistoryAsync(Admin, new AlertHistoryQuery());
        Assert.Equal(3, adminRows.Count);
    }

    [Fact]
    public async Task History_filters_by_rule_state_and_text_and_pages_newest_first()
    {
        await using var host = await MigratedHostAsync();
        var history = host.Get<AlertHistoryRepository>();
        for (var i = 0; i < 7; i++)
        {
            var entry = Entry(i % 2 + 1, "Test", "Test.Hello", $"Test.Hello on n{i}");
            entry.State = i % 3 == 0 ? AlertState.Recovered : AlertState.Fired;
            entry.Message = i == 4 ? "exited with code 100%_" : "exited with code 3";
            await history.InsertAsync(entry);
        }

        var alerts = host.Get<AlertService>();
        var (page, total) = await alerts.QueryHistoryAsync(Admin, new AlertHistoryQuery(PageSize: 3, Page: 1));
        Assert.Equal(7, total);
        Assert.Equal(["Test.Hello on n3", "Test.Hello on n2", "Test.Hello on n1"], page.Select(r => r.Target));
        Assert.Equal(4, (await alerts.QueryHistoryAsync(Admin, new AlertHistoryQuery(RuleId: 1))).Total);
        Assert.Equal(3, (await alerts.QueryHistoryAsync(Admin, new AlertHistoryQuery(State: AlertState.Recovered))).Total);
        Assert.Equal("Test.Hello on n4", Assert.Single((await alerts.QueryHistoryAsync(Admin, new AlertHistoryQuery(Text: "100%_"))).Rows).Target);
    }

    [Fact]
    public async Task History_older_than_the_kept_days_is_pruned()
    {
        await using var host = await MigratedHostAsync();
        var history = host.Get<AlertHistoryRepository>();
        var old = Entry(1, "Test", "Test.Hello", "old");
        old.At = DateTime.UtcNow.AddDays(-91);
        await history.InsertAsync(old);
        var recent = Entry(1, "Test", "Test.Hello", "recent");
        recent.At = DateTime.UtcNow.AddDays(-1);
        await history.InsertAsync(recent);

        await host.Get<AlertMonitor>().PruneAsync(CancellationToken.None);

        var (rows, _) = await host.Get<AlertService>().QueryHistoryAsync(Admin, new AlertHistoryQuery());
        Assert.Equal(["recent"], rows.Select(r => r.Target));
    }

    private static AlertHistoryEntry Entry(int ruleId, string application, string service, string target) => new()
    {
        At = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc),
        RuleId = ruleId,
        RuleName = $"rule{ruleId}",
        Kind = nameof(AlertKind.ContainerExited),
        State = AlertState.Fired,
        Target = target,
        Application = application,
        Service = service,
        Message = "exited with code 3",
        Delivery = AlertDelivery.Ok,
        DeliveryDetail = "HTTP 200",
        Attempts = 1,
    };

    private static async Task<string> RawWebhookAsync(CoreHost host, int id)
    {
        await using var connection = await host.Get<TarsDatabase>().OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT webhook_url FROM tdash_alert_rule WHERE id = @id", new { id }) ?? "";
    }
}
