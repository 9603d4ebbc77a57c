using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Alerts;

/// <summary>Checks a rule before anything is stored; codes are resource keys the dialog shows next to the field.</summary>
public static class AlertRuleValidator
{
    public const int MaxNameLength = 128;
    public const int MaxWebhookUrlLength = 2000;
    public const int MaxWindowMinutes = 24 * 60;
    public const int MaxLogMatches = 100_000;

    /// <param name="isNew">A new rule needs a webhook URL; an edit may leave it blank to keep the stored one.</param>
    public static IReadOnlyList<FieldError> Validate(AlertRuleInput input, bool isNew)
    {
        var errors = new List<FieldError>();
        var name = input.Name.Trim();
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            errors.Add(new FieldError(nameof(AlertRuleInput.Name), "Alert.Name.Invalid", $"Give the rule a name of 1 to {MaxNameLength} characters.", MaxNameLength));
        }

        var scope = input.Scope.Trim();
        if (!GrantScope.IsValid(scope))
        {
            errors.Add(new FieldError(nameof(AlertRuleInput.Scope), "Alert.Scope.Invalid", "Use *, an application (App) or a service (App.Server)."));
        }
        else if (input.Kind == AlertKind.NodeUnreachable && scope != GrantScope.All)
        {
            errors.Add(new FieldError(nameof(AlertRuleInput.Scope), "Alert.Scope.NodeNeedsAll", "Node rules apply to every node: use the scope *."));
        }

        if (input.Kind == AlertKind.RestartLoop && input.Threshold is < 2 or > 1000)
        {
            errors.Add(new FieldError(nameof(AlertRuleInput.Threshold), "Alert.Threshold.Starts", "Count 2 to 1000 starts.", 2, 1000));
        }
        else if (input.Kind is AlertKind.CpuAbove or AlertKind.MemoryAbove && input.Threshold is < 1 or > 100)
        {
            errors.Add(new FieldError(nameof(AlertRuleInput.Threshold), "Alert.Threshold.Percent", "Give a percentage from 1 to 100.", 1, 100));
        }
        else if (input.Kind == AlertKind.LogPattern && input.Threshold is < 1 or > MaxLogMatches)
        {
            errors.Add(new FieldError(nameof(AlertRuleInput.Threshold), "Alert.Threshold.Matches", $"Count 1 to {MaxLogMatches} matches.", 1, MaxLogMatches));
        }

        if (input.Kind == AlertKind.LogPattern && PatternError(input.Pattern, input.PatternIsRegex) is { } patternError)
        {
            errors.Add(patternError);
        }

        if (NeedsWindow(input.Kind) && input.WindowMinutes is < 1 or > MaxWindowMinutes)
        {
            errors.Add(new FieldError(nameof(AlertRuleInput.WindowMinutes), "Alert.Window.Invalid", $"Give 1 to {MaxWindowMinutes} minutes.", 1, MaxWindowMinutes));
        }

        var url = input.WebhookUrl.Trim();
        if (url.Length == 0 ? isNew : !IsWebhookUrl(url))
        {
            errors.Add(new FieldError(nameof(AlertRuleInput.WebhookUrl), "Alert.Webhook.Invalid", "Give an http or https URL."));
        }

        return errors;
    }

    public static bool NeedsThreshold(AlertKind kind) =>
        kind is AlertKind.RestartLoop or AlertKind.CpuAbove or AlertKind.MemoryAbove or AlertKind.LogPattern;

    public static bool NeedsPattern(AlertKind kind) => kind == AlertKind.LogPattern;

    /// <summary>
    /// The search a log pattern rule runs over each output line: case-sensitive text, or a regular expression on the
    /// non-backtracking engine (linear in the line, so no pattern can stall the reader of a busy container).
    /// </summary>
    public static LogSearch? CompilePattern(string pattern, bool isRegex) =>
        LogSearch.TryCreate(pattern, isRegex, matchCase: true, out _);

    private static FieldError? PatternError(string pattern, bool isRegex)
    {
        if (pattern.Trim().Length == 0)
        {
            return new FieldError(nameof(AlertRuleInput.Pattern), "Alert.Pattern.Required", "Give the text or regular expression to look for.");
        }

        return LogSearch.TryCreate(pattern, isRegex, matchCase: true, out var error) is null && error is not null
            ? new FieldError(nameof(AlertRuleInput.Pattern), error.Code, error.Message)
            : null;
    }

    public static bool NeedsWindow(AlertKind kind) => NeedsThreshold(kind);

    private static bool IsWebhookUrl(string url) =>
        url.Length <= MaxWebhookUrlLength
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    /// <summary>Scheme, host and port with the rest hidden: paths and query strings of webhooks carry their tokens.</summary>
    public static string Mask(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "…";
}
