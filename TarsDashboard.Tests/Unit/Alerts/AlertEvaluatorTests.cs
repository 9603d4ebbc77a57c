using TarsDashboard.Core.Alerts;
using Xunit;

namespace TarsDashboard.Tests.Alerts;

public sealed class AlertEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly AlertTarget Hello = AlertTarget.Service("Test", "Hello", "node1");
    private static readonly AlertTarget Cart = AlertTarget.Service("Shop", "Cart", "node1");

    private static AlertRule Rule(int id, AlertKind kind, string scope = "Test", int threshold = 0, int window = 0, bool enabled = true) =>
        new(id, $"rule{id}", kind, scope, threshold, window, WebhookKind.GenericJson, "", enabled, "admin", T0.UtcDateTime);

    private static AlertRule LogRule(int id, int threshold, int window, string scope = "Test") =>
        new(id, $"rule{id}", AlertKind.LogPattern, scope, threshold, window, WebhookKind.GenericJson, "", true, "admin", T0.UtcDateTime, "FATAL");

    private static AlertSignal Exit(AlertTarget target, DateTimeOffset at) => new([AlertKind.ContainerExited], target, true, "exited with code 3", at);

    private static AlertSignal Start(AlertTarget target, DateTimeOffset at) =>
        new([AlertKind.ContainerExited, AlertKind.OomKilled, AlertKind.Unhealthy], target, false, "is running again", at);

    [Fact]
    public void An_exit_fires_once_while_it_lasts_and_recovers_once_on_start()
    {
        var evaluator = new AlertEvaluator();
        AlertRule[] rules = [Rule(1, AlertKind.ContainerExited)];

        var fired = Assert.Single(evaluator.Observe(rules, Exit(Hello, T0)));
        Assert.Empty(evaluator.Observe(rules, Exit(Hello, T0.AddSeconds(5))));
        var recovered = Assert.Single(evaluator.Observe(rules, Start(Hello, T0.AddSeconds(10))));
        Assert.Empty(evaluator.Observe(rules, Start(Hello, T0.AddSeconds(20))));

        Assert.False(fired.Recovered);
        Assert.Contains("exited with code 3", fired.Message);
        Assert.True(recovered.Recovered);
        Assert.Equal(AlertState.Recovered, recovered.State);
    }

    [Fact]
    public void A_rule_watches_only_its_scope_and_only_while_enabled()
    {
        var evaluator = new AlertEvaluator();
        AlertRule[] rules = [Rule(1, AlertKind.ContainerExited, "Test.Hello"), Rule(2, AlertKind.ContainerExited, "Shop"), Rule(3, AlertKind.ContainerExited, "*", enabled: false)];

        Assert.Equal([1], evaluator.Observe(rules, Exit(Hello, T0)).Select(t => t.Rule.Id));
        Assert.Equal([2], evaluator.Observe(rules, Exit(Cart, T0)).Select(t => t.Rule.Id));
    }

    [Fact]
    public void Node_rules_fire_only_under_the_all_scope()
    {
        var evaluator = new AlertEvaluator();
        AlertRule[] rules = [Rule(1, AlertKind.NodeUnreachable, "*"), Rule(2, AlertKind.NodeUnreachable, "Test")];
        var down = new AlertSignal([AlertKind.NodeUnreachable], AlertTarget.Node("node1"), true, "is unreachable", T0);

        Assert.Equal([1], evaluator.Observe(rules, down).Select(t => t.Rule.Id));
    }

    [Fact]
    public void The_same_rule_fires_separately_per_target()
    {
        var evaluator = new AlertEvaluator();
        AlertRule[] rules = [Rule(1, AlertKind.ContainerExited, "*")];

        Assert.Single(evaluator.Observe(rules, Exit(Hello, T0)));
        Assert.Single(evaluator.Observe(rules, Exit(AlertTarget.Service("Test", "Hello", "node2"), T0)));
        Assert.Equal(2, evaluator.FiringCount);
    }

    [Fact]
    public void A_restart_loop_fires_at_the_threshold_within_the_window_and_recovers_when_the_window_empties()
    {
        var evaluator = new AlertEvaluator();
        AlertRule[] rules = [Rule(1, AlertKind.RestartLoop, threshold: 3, window: 5)];

        Assert.Empty(evaluator.ObserveStart(rules, Hello, T0));
        Assert.Empty(evaluator.ObserveStart(rules, Hello, T0.AddMinutes(1)));
        Assert.Empty(evaluator.Tick(rules, T0.AddMinutes(1)));
        var fired = Assert.Single(evaluator.ObserveStart(rules, Hello, T0.AddMinutes(2)));
        Assert.Empty(evaluator.ObserveStart(rules, Hello, T0.AddMinutes(3)));
        Assert.Contains("started 3 times", fired.Message);

        Assert.Empty(evaluator.Tick(rules, T0.AddMinutes(5)));
        Assert.True(Assert.Single(evaluator.Tick(rules, T0.AddMinutes(7))).Recovered);
    }

    [Fact]
    public void Starts_spread_wider_than_the_window_do_not_fire()
    {
        var evaluator = new AlertEvaluator();
        AlertRule[] rules = [Rule(1, AlertKind.RestartLoop, threshold: 3, window: 5)];

        for (var i = 0; i < 5; i++)
        {
            Assert.Empty(evaluator.ObserveStart(rules, Hello, T0.AddMinutes(i * 3)));
        }
    }

    [Fact]
    public void Cpu_above_fires_only_after_staying_above_for_the_window_and_recovers_below()
    {
        var evaluator = new AlertEvaluator();
        AlertRule[] rules = [Rule(1, AlertKind.CpuAbove, threshold: 80, window: 2)];

        Assert.Empty(evaluator.Observe(rules, new ResourceSample(Hello, 95, 10, T0)));
        Assert.Empty(evaluator.Observe(rules, new ResourceSample(Hello, 50, 10, T0.AddMinutes(1))));
        Assert.Empty(evaluator.Observe(rules, new ResourceSample(Hello, 90, 10, T0.AddMinutes(1.5))));
        Assert.Empty(evaluator.Observe(rules, new ResourceSample(Hello, 90, 10, T0.AddMinutes(3))));
        var fired = Assert.Single(evaluator.Observe(rules, new ResourceSample(Hello, 91, 10, T0.AddMinutes(3.5))));
        Assert.Contains("CPU 91%", fired.Message);
        Assert.Empty(evaluator.Observe(rules, new ResourceSample(Hello, 99, 10, T0.AddMinutes(4))));
        Assert.True(Assert.Single(evaluator.Observe(rules, new ResourceSample(Hello, 20, 10, T0.AddMinutes(5)))).Recovered);
    }

    [Fact]
    public void Memory_rules_read_the_memory_percentage()
    {
        var evaluator = new AlertEvaluator();
        AlertRule[] rules = [Rule(1, AlertKind.MemoryAbove, threshold: 50, window: 1)];

        evaluator.Observe(rules, new ResourceSample(Hello, 99, 60, T0));
        Assert.Single(evaluator.Observe(rules, new ResourceSample(Hello, 0, 70, T0.AddMinutes(1))));
    }

    [Fact]
    public void A_forgotten_rule_fires_again_for_a_condition_that_still_holds()
    {
        var evaluator = new AlertEvaluator();
        AlertRule[] rules = [Rule(1, AlertKind.ContainerExited)];
        evaluator.Observe(rules, Exit(Hello, T0));

        evaluator.Forget(1);

        Assert.False(evaluator.IsFiring(1, Hello));
        Assert.Single(evaluator.Observe(rules, Exit(Hello, T0.AddSeconds(1))));
    }

    [Fact]
    public void A_log_pattern_fires_once_the_window_holds_the_threshold_and_only_once()
    {
        var evaluator = new AlertEvaluator();
        var rule = LogRule(1, threshold: 3, window: 5);
        AlertRule[] rules = [rule];

        Assert.Empty(evaluator.ObserveLogMatch(rule, Hello, "FATAL a", T0));
        Assert.Empty(evaluator.ObserveLogMatch(rule, Hello, "FATAL b", T0.AddMinutes(4)));
        // The first match left the window: two in it, not yet three.
        Assert.Empty(evaluator.ObserveLogMatch(rule, Hello, "FATAL c", T0.AddMinutes(6)));
        Assert.Equal(2, evaluator.MatchesWithin(rule, Hello, T0.AddMinutes(6)));
        var fired = Assert.Single(evaluator.ObserveLogMatch(rule, Hello, "FATAL d", T0.AddMinutes(7)));
        Assert.Empty(evaluator.ObserveLogMatch(rule, Hello, "FATAL e", T0.AddMinutes(7.5)));
        Assert.Empty(evaluator.ObserveLogMatch(rule, Cart, "FATAL elsewhere", T0.AddMinutes(7.5)));

        Assert.False(fired.Recovered);
        Assert.Contains("FATAL d", fired.Message);
        Assert.Equal(1, evaluator.FiringCount);
    }

    [Fact]
    public void A_log_pattern_recovers_after_a_whole_window_without_a_match()
    {
        var evaluator = new AlertEvaluator();
        var rule = LogRule(1, threshold: 1, window: 5);
        AlertRule[] rules = [rule];

        Assert.Single(evaluator.ObserveLogMatch(rule, Hello, "FATAL boom", T0));
        Assert.Empty(evaluator.ObserveLogMatch(rule, Hello, "FATAL boom", T0.AddMinutes(3)));
        // Five minutes after the first match, but only two after the last: still firing.
        Assert.Empty(evaluator.Tick(rules, T0.AddMinutes(5)));
        var recovered = Assert.Single(evaluator.Tick(rules, T0.AddMinutes(8)));
        Assert.Empty(evaluator.Tick(rules, T0.AddMinutes(9)));

        Assert.True(recovered.Recovered);
        Assert.Contains("no line matched", recovered.Message);
        // Once recovered, the next match fires again.
        Assert.Single(evaluator.ObserveLogMatch(rule, Hello, "FATAL again", T0.AddMinutes(10)));
    }

    [Fact]
    public void A_shorter_minute_shortens_the_log_window()
    {
        var evaluator = new AlertEvaluator(TimeSpan.FromSeconds(1));
        var rule = LogRule(1, threshold: 1, window: 2);

        Assert.Single(evaluator.ObserveLogMatch(rule, Hello, "FATAL boom", T0));
        Assert.Empty(evaluator.Tick([rule], T0.AddSeconds(1)));
        Assert.Single(evaluator.Tick([rule], T0.AddSeconds(2)));
    }
}
