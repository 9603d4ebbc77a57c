using System.Diagnostics;
using Bunit;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using Xunit;
using Xunit.Abstractions;
using ServicesPage = TarsDashboard.Components.Pages.Services;

namespace TarsDashboard.Tests.Components;

/// <summary>The service tree page over 10,000 instances: it renders, filters and shows only what the grants reach.</summary>
public sealed class ServicesPageTests(ITestOutputHelper output) : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var image = new BaseImageRow { Image = "tarscloud/tars.cppbase:v3", CreateTime = DateTime.UtcNow, UpdateTime = DateTime.UtcNow };
        await Core.Get<BaseImageRepository>().InsertAsync(image);
        var rows = new List<ServerConfRow>();
        for (var a = 0; a < 100; a++)
        {
            for (var s = 0; s < 10; s++)
            {
                for (var n = 0; n < 10; n++)
                {
                    var i = rows.Count;
                    rows.Add(new ServerConfRow
                    {
                        Application = $"App{a:D3}", ServerName = $"Server{s}", NodeName = $"10.0.0.{n}", TemplateName = "tars.default",
                        PresentState = i % 3 == 0 ? "active" : "inactive", EnableSet = n == 0 ? "Y" : "N", SetName = "sh", SetArea = "a", SetGroup = "1",
                        RunType = n % 2 == 0 ? "container" : "", BaseImageId = n % 2 == 0 ? image.Id : 0,
                    });
                }
            }
        }

        await Core.Get<ServerConfRepository>().InsertManyAsync(rows);
    }

    [Fact]
    public void Ten_thousand_instances_render_as_a_tree_with_links_to_each_instance()
    {
        var clock = Stopwatch.StartNew();
        var cut = Render<ServicesPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-instance]")), TimeSpan.FromSeconds(30));
        clock.Stop();
        var rendered = cut.FindAll("[data-instance]").Count;
        output.WriteLine($"first render of 10,000 instances: {clock.ElapsedMilliseconds} ms, {rendered} instance rows in the DOM " +
            $"({cut.FindAll(".row").Count} rows in all), markup {cut.Markup.Length / 1024} KiB");

        Assert.Equal("true", cut.Find("#services").GetAttribute("data-ready"));
        Assert.Contains("10,000 instances in 100 applications", cut.Find("[data-testid=services-count]").TextContent);
        var first = cut.Find("[data-instance]");
        Assert.Equal("App000.Server0", first.QuerySelector(".cell-service")!.TextContent);
        Assert.StartsWith("services/", first.GetAttribute("href"));
        Assert.Equal("sh.a.1", first.QuerySelectorAll(".cell")[1].TextContent);
        Assert.Equal("active", first.QuerySelector("[data-state]")!.GetAttribute("data-state"));
        Assert.Equal("container", first.QuerySelector("[data-run-mode]")!.GetAttribute("data-run-mode"));
        Assert.Contains("tarscloud/tars.cppbase:v3", first.TextContent);
        Assert.Equal("native", cut.FindAll("[data-instance]")[1].QuerySelector("[data-run-mode]")!.GetAttribute("data-run-mode"));
    }

    [Fact]
    public void The_search_and_the_filters_narrow_the_tree()
    {
        var cut = Render<ServicesPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-instance]")), TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        cut.Find(".search input").Input("app042 server3");
        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll("[data-instance]").Count), TimeSpan.FromSeconds(10));
        output.WriteLine($"search over 10,000 instances re-rendered in {clock.ElapsedMilliseconds} ms");

        Assert.Equal(["App042"], cut.FindAll("[data-app]").Select(e => e.GetAttribute("data-app")));
        Assert.Equal(["App042.Server3"], cut.FindAll("[data-server]").Select(e => e.GetAttribute("data-server")));
        Assert.Contains("10 of 10,000", cut.Find("[data-testid=services-count]").TextContent);

        cut.Find(".search input").Input("app042 server3 10.0.0.4");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-instance]")));

        cut.Find(".search input").Input("no-such-service");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=services-empty]")));
    }

    [Fact]
    public void Collapsing_a_server_hides_its_instances()
    {
        var cut = Render<ServicesPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-instance]")), TimeSpan.FromSeconds(30));
        cut.Find(".search input").Input("app042");
        cut.WaitForAssertion(() => Assert.Equal(100, cut.FindAll("[data-instance]").Count), TimeSpan.FromSeconds(10));

        cut.Find("button[aria-label='Collapse App042.Server3']").Click();

        cut.WaitForAssertion(() => Assert.Equal(90, cut.FindAll("[data-instance]").Count));
        Assert.Equal("false", cut.Find("[data-server='App042.Server3']").GetAttribute("aria-expanded"));
        cut.Find("button[aria-label='Collapse App042']").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-instance]")));
    }

    [Fact]
    public async Task A_developer_sees_only_the_applications_granted()
    {
        var users = Core.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "App007"));
        Auth.SetAuthorized("dev1");

        var cut = Render<ServicesPage>();

        cut.WaitForAssertion(() => Assert.Equal(100, cut.FindAll("[data-instance]").Count), TimeSpan.FromSeconds(30));
        Assert.Equal(["App007"], cut.FindAll("[data-app]").Select(e => e.GetAttribute("data-app")));
    }

    [Fact]
    public async Task A_saved_change_elsewhere_shows_up_without_reload()
    {
        var cut = Render<ServicesPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-instance]")), TimeSpan.FromSeconds(30));
        cut.Find(".search input").Input("app000 server0 10.0.0.1");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-instance]")));
        var id = int.Parse(cut.Find("[data-instance]").GetAttribute("data-instance")!, System.Globalization.CultureInfo.InvariantCulture);

        var editor = Core.Get<ServiceEditor>();
        var context = (await editor.LoadAsync(Admin, id))!;
        var input = context.NewInput();
        input.RunType = RunTypes.Container;
        input.BaseImageId = context.Images[0].Id;
        await editor.SaveAsync(Admin, context.Row, input);

        cut.WaitForAssertion(() => Assert.Equal("container", cut.Find("[data-instance] [data-run-mode]").GetAttribute("data-run-mode")),
            TimeSpan.FromSeconds(10));
    }
}
