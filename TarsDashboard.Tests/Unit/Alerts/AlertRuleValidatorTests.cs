using TarsDashboard.Core.Alerts;
using Xunit;

namespace TarsDashboard.Tests.Alerts;

public sealed class AlertRuleValidatorTests
{
    private static AlertRuleInput Valid() => new() { Name = "exits", Scope = "Test", WebhookUrl = "https://hooks.example.com/T0/B0/secret" };

    [Fact]
    public void A_complete_rule_passes() => Assert.Empty(AlertRuleValidator.Validate(Valid(), isNew: true));

    [Theory]
    [InlineData("", "Test", "https://x.example/h", "Name")]
    [InlineData("r", "Te st", "https://x.example/h", "Scope")]
    [InlineData("r", "Test", "ftp://x.example/h", "WebhookUrl")]
    [InlineData("r", "Test", "not a url", "WebhookUrl")]
    [InlineData("r", "Test", "", "WebhookUrl")]
    public void Bad_fields_are_named(string name, string scope, string url, string field)
    {
        var input = Valid();
        input.Name = name;
        input.Scope = scope;
        input.WebhookUrl = url;

        Assert.Equal([field], AlertRuleValidator.Validate(input, isNew: true).Select(e => e.Field));
    }

    [Fact]
    public void An_edit_may_keep_the_stored_webhook()
    {
        var input = Valid();
        input.WebhookUrl = "";

        Assert.Empty(AlertRuleValidator.Validate(input, isNew: false));
    }

    [Fact]
    public void Thresholds_and_windows_are_checked_for_the_kinds_that_use_them()
    {
        var input = Valid();
        input.Kind = AlertKind.RestartLoop;
        input.Threshold = 1;
        input.WindowMinutes = 0;
        Assert.Equal(["Threshold", "WindowMinutes"], AlertRuleValidator.Validate(input, isNew: true).Select(e => e.Field));

        input.Kind = AlertKind.CpuAbove;
        input.Threshold = 101;
        input.WindowMinutes = 5;
        Assert.Equal(["Threshold"], AlertRuleValidator.Validate(input, isNew: true).Select(e => e.Field));
    }

    [Theory]
    [InlineData("", false, "Alert.Pattern.Required")]
    [InlineData("   ", true, "Alert.Pattern.Required")]
    [InlineData("FATAL (", true, "Logs.Search.InvalidPattern")]
    [InlineData("(?<=x)FATAL", true, "Logs.Search.Unsupported")]
    public void A_log_pattern_needs_text_or_a_regex_the_non_backtracking_engine_takes(string pattern, bool regex, string code)
    {
        var input = Valid();
        input.Kind = AlertKind.LogPattern;
        input.Threshold = 1;
        input.WindowMinutes = 5;
        input.Pattern = pattern;
        input.PatternIsRegex = regex;

        var error = Assert.Single(AlertRuleValidator.Validate(input, isNew: true));
        Assert.Equal(("Pattern", code), (error.Field, error.Code));

        // "FATAL (" is fine as plain text; a good regex passes; zero matches is no threshold.
        input.Pattern = regex ? "FATAL \\w+" : "FATAL (";
        Assert.Empty(AlertRuleValidator.Validate(input, isNew: true));
        input.Threshold = 0;
        Assert.Equal("Alert.Threshold.Matches", Assert.Single(AlertRuleValidator.Validate(input, isNew: true)).Code);
    }

    [Fact]
    public void Node_rules_need_the_all_scope()
    {
        var input = Valid();
        input.Kind = AlertKind.NodeUnreachable;

        Assert.Equal("Alert.Scope.NodeNeedsAll", Assert.Single(AlertRuleValidator.Validate(input, isNew: true)).Code);
    }

    [Fact]
    public void The_mask_keeps_only_scheme_and_host() =>
        Assert.Equal("https://oapi.dingtalk.com/…", AlertRuleValidator.Mask("https://oapi.dingtalk.com/robot/send?access_token=abc123"));
}
