using System.Globalization;
using Bunit;
using MudBlazor;
using TarsDashboard.Components.Controls;
using TarsDashboard.Core.Monitoring;
using TarsDashboard.Core.Security;
using Xunit;

namespace TarsDashboard.Tests.Components.Monitoring;

/// <summary>The resource charts fed through <see cref="ResourceMonitor"/>: history points recorded in the database, and an engine out of reach.</summary>
public sealed class ResourceChartsTests : DashboardComponentTest
{
    private static readonly ContainerKey Hello = new("10.0.0.7", "Test.Hello");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<ResourceCharts> RenderCharts(ResourceRange range) =>
        Render<ResourceCharts>(p => p.Add(x => x.Node, Hello.Node).Add(x => x.Application, "Test").Add(x => x.Server, "Hello")
            .Add(x => x.InitialRange, range));

    [Fact]
    public async Task The_last_hour_draws_each_series_from_the_recorded_points_with_the_last_values_readable()
    {
        var now = DateTime.UtcNow;
        var rows = Enumerable.Range(0, 30).Select(i => ResourcePointRow.From(Hello, 10, new ResourceSample(
            new DateTimeOffset(now.AddSeconds(-300 + i * 10), TimeSpan.Zero), 10 + i, (100 + i) * 1024L * 1024, 512L * 1024 * 1024,
            i * 10240L, i * 1024L, 0, i * 2048L, i / 10))).ToList();
        await Core.Get<ResourcePointRepository>().InsertAsync(rows);

        var cut = RenderCharts(ResourceRange.LastHour);

        cut.WaitForAssertion(() => Assert.Equal("ready", cut.Find("[data-testid=resource-charts]").GetAttribute("data-state")));
        var memory = cut.Find("[data-series=memory]");
        Assert.Equal("30", memory.GetAttribute("data-count"));
        Assert.Equal("100", memory.GetAttribute("data-first"));
        Assert.Equal("129", memory.GetAttribute("data-last"));
        Assert.Equal("39", cut.Find("[data-series=cpu]").GetAttribute("data-last"));
        Assert.Equal("1", double.Parse(cut.Find("[data-series=network]").GetAttribute("data-last")!, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        Assert.Equal("2", cut.Find("[data-series=restarts]").GetAttribute("data-last"));
        Assert.NotEmpty(cut.FindAll("[data-series=memory] svg path"));
        cut.AssertEveryButtonIsNamed();
    }

    [Fact]
    public async Task The_service_s_changes_in_the_range_are_shown_beside_the_charts()
    {
        var audit = Core.Get<TarsDashboard.Core.Audit.AuditLog>();
        await audit.RecordAsync(new Caller("admin"), "service.restart", "Test.Hello on 10.0.0.7", TarsDashboard.Core.Audit.AuditResult.Ok);
        await audit.RecordAsync(new Caller("op1"), "service.update", "Test.Other@10.0.0.7", TarsDashboard.Core.Audit.AuditResult.Ok);

        var cut = RenderCharts(ResourceRange.LastHour);

        cut.WaitForAssertion(() => Assert.Contains("restarted · admin", cut.Find("[data-testid=change-markers] [data-action='service.restart']").TextContent));
        Assert.Single(cut.FindAll("[data-testid=change-markers] [data-action]"));
    }

    [Fact]
    public async Task A_change_within_the_charts_span_is_drawn_where_its_time_falls_and_one_outside_is_not()
    {
        // Points every 10 s over 290 s; a restart 116 s after the first point (0.4 of the way), an edit 10 min before it.
        var first = DateTime.UtcNow.AddMinutes(-20);
        var first0 = new DateTime(first.Ticks - first.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var rows = Enumerable.Range(0, 30).Select(i => ResourcePointRow.From(Hello, 10, new ResourceSample(
            new DateTimeOffset(first0.AddSeconds(i * 10), TimeSpan.Zero), 10, 100L * 1024 * 1024, 512L * 1024 * 1024, 0, 0, 0, 0, 0))).ToList();
        await Core.Get<ResourcePointRepository>().InsertAsync(rows);
        var audit = Core.Get<TarsDashboard.Core.Audit.AuditRepository>();
        await audit.InsertAsync(new TarsDashboard.Core.Audit.AuditEntry
        {
            At = first0.AddSeconds(116), UserName = "admin", Action = "service.restart", Target = "Test.Hello on 10.0.0.7", Result = "ok",
        });
        await audit.InsertAsync(new TarsDashboard.Core.Audit.AuditEntry
        {
            At = first0.AddMinutes(-10), UserName = "op1", Action = "service.update", Target = "Test.Hello@10.0.0.7", Result = "ok",
        });

        var cut = RenderCharts(ResourceRange.LastHour);

        cut.WaitForAssertion(() => Assert.Equal("ready", cut.Find("[data-testid=resource-charts]").GetAttribute("data-state")));
        foreach (var series in new[] { "cpu", "memory", "restarts" })
        {
            var marker = Assert.Single(cut.FindAll($"[data-series={series}] [data-testid=chart-markers] .chart-marker"));
            Assert.Equal("service.restart", marker.GetAttribute("data-action"));
            Assert.Equal("0.4", marker.GetAttribute("data-x"));
            Assert.Contains("--marker-x: 0.4", marker.GetAttribute("style"));
            Assert.StartsWith("restarted by admin at ", marker.GetAttribute("aria-label"));
        }

        // Both changes are in the range, so the list beside the charts names both.
        Assert.Equal(2, cut.FindAll("[data-testid=change-markers] [data-action]").Count);
        Assert.Empty(cut.FindAll(".chart-marker[data-action='service.update']"));
    }

    [Fact]
    public void Live_charts_of_an_engine_out_of_reach_say_so_with_a_retry()
    {
        var cut = RenderCharts(ResourceRange.Live);

        cut.WaitForAssertion(() => Assert.Equal("unreachable", cut.Find("[data-testid=resource-charts]").GetAttribute("data-state")),
            TimeSpan.FromSeconds(10));
        Assert.Contains("not registered", cut.Find("[data-testid=metrics-unreachable]").TextContent);
        cut.AssertEveryButtonIsNamed();
    }

    [Fact]
    public async Task A_developer_without_a_grant_on_the_service_is_refused()
    {
        await Core.Get<UserService>().CreateAsync(new Caller("admin"), new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        Auth.SetAuthorized("dev1");

        var cut = RenderCharts(ResourceRange.LastHour);

        cut.WaitForAssertion(() => Assert.Equal("denied", cut.Find("[data-testid=resource-charts]").GetAttribute("data-state")));
    }
}
