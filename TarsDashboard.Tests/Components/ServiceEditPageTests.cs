using Bunit;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using Xunit;
using ServiceEditPage = TarsDashboard.Components.Pages.ServiceEdit;

namespace TarsDashboard.Tests.Components;

/// <summary>The service edit page: container section validation next to its rows, read-only for developers, restart notice.</summary>
public sealed class ServiceEditPageTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");
    private int _id;
    private int _imageId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var image = new BaseImageRow { Image = "tarscloud/tars.cppbase:v3", CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
        await Core.Get<BaseImageRepository>().InsertAsync(image);
        _imageId = image.Id;
        _id = await Core.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "10.0.0.7", TemplateName = "tars.default", Profile = "", AsyncThreadNum = 3,
        });
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<ServiceEditPage> RenderPage()
    {
        var cut = Render<ServiceEditPage>(p => p.Add(x => x.Id, _id));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#service-edit").GetAttribute("data-ready")), TimeSpan.FromSeconds(10));
        return cut;
    }

    // MudSwitch and MudCheckBox put extra attributes on their <input>.
    private static void Toggle(IRenderedComponent<ServiceEditPage> cut, string testId)
    {
        var element = cut.Find($"[data-testid={testId}]");
        (element.TagName == "INPUT" ? element : element.QuerySelector("input")!).Change(true);
    }

    [Fact]
    public void The_logs_tab_links_each_source_and_a_file_list_that_cannot_load_shows_the_failure_with_retry()
    {
        var cut = RenderPage();
        Assert.Empty(cut.FindAll("[data-testid=service-logs]"));

        cut.FindAll(".mud-tab").Single(tab => tab.TextContent.Trim() == "Logs").Click();

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=service-logs]").GetAttribute("data-ready")), TimeSpan.FromSeconds(10));
        Assert.Equal("/logs?source=container%3A10.0.0.7%3ATest.Hello", cut.Find("[data-testid=service-logs-container]").GetAttribute("href"));
        Assert.Equal("/logs?source=journal%3Aservice%3ATest.Hello", cut.Find("[data-testid=service-logs-service-journal]").GetAttribute("href"));
        Assert.Equal("/logs?source=journal%3Anode%3A10.0.0.7", cut.Find("[data-testid=service-logs-node-journal]").GetAttribute("href"));
        Assert.Equal("/logs?source=journal%3Anode%3A10.0.0.7&source=container%3A10.0.0.7%3ATest.Hello&filter=Test.Hello",
            cut.Find("[data-testid=service-logs-failure]").GetAttribute("href"));
        Assert.NotNull(cut.Find("[data-testid=service-logs-tarsnode]"));
        // The node is not registered, so its files would come through a framework, and none is configured: listing fails
        // through the error policy, and Retry asks again.
        var alert = cut.Find("[data-testid=service-logs-files-failed]");
        var retry = alert.QuerySelector("button[aria-label='Reload the log files']");
        Assert.NotNull(retry);
        retry.Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=service-logs-files-failed]")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Container_volume_and_port_errors_show_next_to_their_rows_and_nothing_is_saved()
    {
        var cut = RenderPage();

        Toggle(cut, "run-mode-switch");
        cut.WaitForAssertion(() => Assert.Contains("docker run", cut.Find("[data-testid=docker-run]").TextContent));
        cut.FindAll("button").First(b => b.TextContent.Contains("Add volume", StringComparison.Ordinal)).Click();
        cut.FindAll("button").First(b => b.TextContent.Contains("Add volume", StringComparison.Ordinal)).Click();
        cut.FindAll("button").First(b => b.TextContent.Contains("Add port", StringComparison.Ordinal)).Click();
        // The clicks re-render asynchronously: wait for the new rows before typing into them.
        cut.WaitForAssertion(() =>
        {
            Assert.True(cut.FindAll("[data-volume='1'] input").Count >= 2);
            Assert.True(cut.FindAll("[data-port='0'] input").Count >= 3);
        });
        var first = cut.FindAll("[data-volume='0'] input");
        first[0].Input("/data/shared");
        first[1].Input("/data/shared");
        var second = cut.FindAll("[data-volume='1'] input");
        second[0].Input("data/relative");
        second[1].Input("/usr/local/app/tars/tarsnode/data/Test.Hello/conf");
        cut.FindAll("[data-port='0'] input")[2].Input("300.1.1.1");

        cut.Find("[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=service-alert]")));
        Assert.Empty(cut.Find("[data-volume='0']").QuerySelectorAll(".mud-input-error"));
        var row = cut.Find("[data-volume='1']");
        Assert.Contains("must be an absolute path", row.TextContent);
        Assert.Contains("which tarsnode mounts for the service itself", row.TextContent);
        var port = cut.Find("[data-port='0']").TextContent;
        Assert.Contains("is outside 1-65535", port);
        Assert.Contains("is not an IPv4 or IPv6 address", port);
        var stored = (await Core.Get<ServerConfRepository>().GetAsync(_id))!;
        Assert.Equal(("", ""), (stored.RunType, stored.Profile));
    }

    [Fact]
    public async Task A_valid_container_edit_is_saved_and_shown_again()
    {
        var cut = RenderPage();

        Toggle(cut, "run-mode-switch");
        cut.FindAll("button").First(b => b.TextContent.Contains("Add volume", StringComparison.Ordinal)).Click();
        var inputs = cut.FindAll("[data-volume='0'] input");
        inputs[0].Input("/data/shared");
        inputs[1].Input("/data/in-container");
        cut.Find("[data-testid=save]").Click();

        cut.WaitForAssertion(() =>
        {
            var stored = Core.Get<ServerConfRepository>().GetAsync(_id).GetAwaiter().GetResult()!;
            Assert.Equal(("container", _imageId), (stored.RunType, stored.BaseImageId ?? 0));
            Assert.Contains("/data/shared=/data/in-container", stored.Profile);
        }, TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Contains("-v /data/shared:/data/in-container", cut.Find("[data-testid=docker-run]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=service-alert]"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_developer_sees_the_service_read_only()
    {
        var users = Core.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        Auth.SetAuthorized("dev1");

        var cut = RenderPage();

        Assert.NotNull(cut.Find("[data-testid=read-only]"));
        Assert.Empty(cut.FindAll("[data-testid=save]"));
        Assert.All(cut.FindAll("#section-general input:not([type=checkbox])"), i => Assert.True(i.HasAttribute("readonly")));
        Assert.Equal("true", cut.Find("[data-testid=run-mode-switch]").GetAttribute("aria-readonly"));
    }

    [Fact]
    public async Task Someone_without_a_grant_on_the_service_gets_access_denied()
    {
        var users = Core.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "shop", Password = "shop-pass-1" });
        await users.GrantAsync(Admin, new Grant("shop", Role.Operator, "Shop"));
        Auth.SetAuthorized("shop");

        var cut = RenderPage();

        Assert.NotNull(cut.Find("[data-testid=access-denied]"));
        Assert.DoesNotContain("Test.Hello", cut.Find("#service-edit").TextContent);
    }

    [Fact]
    public async Task Switching_a_running_service_lists_the_restart_steps_and_saves_only_after_confirming()
    {
        var servers = Core.Get<ServerConfRepository>();
        var running = await servers.InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Running", NodeName = "10.0.0.7", TemplateName = "tars.default", PresentState = "active",
        });
        _id = running;
        var cut = RenderPage();
        Assert.Empty(cut.FindAll("[data-testid=restart-notice]"));

        Toggle(cut, "run-mode-switch");

        var notice = cut.Find("[data-testid=restart-notice]");
        Assert.Equal(3, notice.QuerySelectorAll("li").Length);
        Assert.True(cut.Find("[data-testid=save]").HasAttribute("disabled"));
        Toggle(cut, "restart-confirm");
        Assert.False(cut.Find("[data-testid=save]").HasAttribute("disabled"));
        cut.Find("[data-testid=save]").Click();
        cut.WaitForAssertion(() => Assert.Equal("container", servers.GetAsync(running).GetAwaiter().GetResult()!.RunType), TimeSpan.FromSeconds(10));
    }
}
