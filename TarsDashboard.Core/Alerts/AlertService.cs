using System.Security.Cryptography;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Alerts;

/// <summary>
/// Alert rules and their history for a caller: a rule scoped <c>App</c> or <c>App.Server</c> is seen and managed by whoever
/// may view that scope's services (developers on it), a rule on <c>*</c> by admins. Webhook URLs are stored encrypted
/// (<see cref="SecretProtector"/>) and only shown masked; every change is audited.
/// </summary>
public sealed class AlertService
{
    private readonly AlertRuleRepository rules;
    private readonly AlertHistoryRepository history;
    private readonly WebhookSender sender;
    private readonly SecretProtector secrets;
    private readonly AccessControl access;
    private readonly Operations operations;
    private readonly LiveEventBus bus;
    private readonly TimeProvider clock;

    internal AlertService(
        AlertRuleRepository rules,
        AlertHistoryRepository history,
        WebhookSender sender,
        SecretProtector secrets,
        AccessControl access,
        Operations operations,
        LiveEventBus bus,
        TimeProvider clock)
    {
        this.rules = rules;
        this.history = history;
        this.sender = sender;
        this.secrets = secrets;
        this.access = access;
        this.operations = operations;
        this.bus = bus;
        this.clock = clock;
    }

    /// <summary>The rules the caller may see, with masked webhook URLs.</summary>
    public async Task<IReadOnlyList<AlertRule>> ListRulesAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var grants = await access.LoadGrantsAsync(caller, cancellationToken);
        var visible = new List<AlertRule>();
        foreach (var row in await rules.ListAsync(cancellationToken))
        {
            var (permission, target) = Needed(row.Scope);
            if (AccessControl.IsAllowed(grants, permission, target))
            {
                visible.Add(row.ToRule(await MaskAsync(row.WebhookUrl, cancellationToken)));
            }
        }

        return visible;
    }

    /// <summary>True when the caller may add rules on <c>*</c> (the dialog offers that scope to them only).</summary>
    public Task<bool> MayManageGlobalAsync(Caller caller, CancellationToken cancellationToken = default) =>
        access.IsAllowedAsync(caller, Permission.ManageGlobalAlerts, AccessTarget.Global, cancellationToken);

    public async Task<int> AddRuleAsync(Caller caller, AlertRuleInput input, CancellationToken cancellationToken = default)
    {
        var (permission, target) = NeededOrRefuse(input);
        return await operations.RunAsync(caller, permission, target, "alert.rule.add", input.Name.Trim(), async scope =>
        {
            Refuse(AlertRuleValidator.Validate(input, isNew: true));
            var row = await ToRowAsync(caller, input, storedUrl: null, cancellationToken);
            row.Id = await rules.InsertAsync(row, cancellationToken);
            scope.After = Audited(row);
            bus.Publish(new AlertRulesChanged(row.Id, "added"));
            return row.Id;
        }, cancellationToken);
    }

    public async Task UpdateRuleAsync(Caller caller, int id, AlertRuleInput input, CancellationToken cancellationToken = default)
    {
        var (permission, target) = NeededOrRefuse(input);
        var grants = await access.LoadGrantsAsync(caller, cancellationToken);
        await operations.RunAsync(caller, permission, target, "alert.rule.update", input.Name.Trim(), async scope =>
        {
            var existing = await rules.GetAsync(id, cancellationToken) ?? throw new ConcurrencyConflictException("The alert rule");
            // Moving a rule must not take it from a scope the caller does not reach.
            DemandScope(caller, grants, existing.Scope);
            scope.Before = Audited(existing);
            Refuse(AlertRuleValidator.Validate(input, isNew: false));
            var row = await ToRowAsync(caller, input, existing.WebhookUrl, cancellationToken);
            row.Id = id;
            if (!await rules.UpdateAsync(row, cancellationToken))
            {
                throw new ConcurrencyConflictException("The alert rule");
            }

            scope.After = Audited(row);
            bus.Publish(new AlertRulesChanged(id, "updated"));
        }, cancellationToken);
    }

    public async Task DeleteRuleAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        var existing = await rules.GetAsync(id, cancellationToken) ?? throw new ConcurrencyConflictException("The alert rule");
        var (permission, target) = Needed(existing.Scope);
        await operations.RunAsync(caller, permission, target, "alert.rule.delete", existing.Name, async scope =>
        {
            scope.Before = Audited(existing);
            await rules.DeleteAsync(id, cancellationToken);
            bus.Publish(new AlertRulesChanged(id, "deleted"));
        }, cancellationToken);
    }

    /// <summary>
    /// Sends a test notice to the input's webhook (or, left blank, the stored one of rule <paramref name="ruleId"/>) and
    /// records it in the history; nothing about the rule is stored.
    /// </summary>
    public async Task<AlertDelivery> SendTestAsync(Caller caller, AlertRuleInput input, int? ruleId = null, CancellationToken cancellationToken = default)
    {
        var (permission, target) = NeededOrRefuse(input);
        var grants = await access.LoadGrantsAsync(caller, cancellationToken);
        return await operations.RunAsync(caller, permission, target, "alert.rule.test", input.Name.Trim(), async scope =>
        {
            string? storedUrl = null;
            if (ruleId is { } id && await rules.GetAsync(id, cancellationToken) is { } existing)
            {
                DemandScope(caller, grants, existing.Scope);
                storedUrl = existing.WebhookUrl;
            }

            Refuse(AlertRuleValidator.Validate(input, isNew: storedUrl is null));
            var url = input.WebhookUrl.Trim() is { Length: > 0 } typed ? typed : await secrets.UnprotectAsync(storedUrl, cancellationToken);
            var now = clock.GetUtcNow();
            var name = input.Name.Trim();
            var notice = new AlertNotice(name, input.Kind, AlertState.Test, input.Scope.Trim(), $"TEST {name}: a test notice from TarsDashboard", now);
            var delivery = await sender.SendAsync(url, input.ChannelKind, notice, cancellationToken);
            var (application, service) = ScopeColumns(input.Scope.Trim());
            await history.InsertAsync(new AlertHistoryEntry
            {
                At = now.UtcDateTime,
                RuleId = ruleId ?? 0,
                RuleName = name,
                Kind = input.Kind.ToString(),
                State = AlertState.Test,
                Target = input.Scope.Trim(),
                Application = application,
                Service = service,
                Message = notice.Text,
                Delivery = delivery.Result,
                DeliveryDetail = delivery.Detail,
                Attempts = delivery.Attempts,
            }, cancellationToken);
            var server = service.Length > application.Length ? service[(application.Length + 1)..] : "";
            bus.Publish(new AlertRecorded(ruleId ?? 0, AlertState.Test, application, server));
            scope.Detail = $"{delivery.Result}: {delivery.Detail}";
            return delivery;
        }, cancellationToken);
    }

    /// <summary>A page of the history the caller may read: their applications' and services' rows (admins: all, nodes too).</summary>
    public async Task<(IReadOnlyList<AlertHistoryEntry> Rows, long Total)> QueryHistoryAsync(Caller caller, AlertHistoryQuery query,
        CancellationToken cancellationToken = default)
    {
        var grants = await access.LoadGrantsAsync(caller, cancellationToken);
        var everything = AccessControl.IsAllowed(grants, Permission.ManageGlobalAlerts, AccessTarget.Global);
        var allServices = !everything && grants.Any(g => g.Scope == GrantScope.All);
        var named = grants.Where(g => g.Scope != GrantScope.All).Select(g => g.Scope).Distinct(StringComparer.Ordinal).ToList();
        var visibility = new AlertVisibility(everything, allServices,
            named.Where(s => !s.Contains('.')).ToList(), named.Where(s => s.Contains('.')).ToList());
        return await history.QueryAsync(query, visibility, cancellationToken);
    }

    /// <summary>What managing a rule on <paramref name="scope"/> takes: admin on <c>*</c> for global rules, else viewing the scope.</summary>
    internal static (Permission Permission, AccessTarget Target) Needed(string scope)
    {
        if (scope == GrantScope.All || !GrantScope.IsValid(scope))
        {
            return (Permission.ManageGlobalAlerts, AccessTarget.Global);
        }

        var dot = scope.IndexOf('.');
        return dot < 0
            ? (Permission.ViewService, AccessTarget.App(scope))
            : (Permission.ViewService, AccessTarget.Service(scope[..dot], scope[(dot + 1)..]));
    }

    // An unreadable scope decides nobody's access: refuse it before the grant check, nothing stored.
    private static (Permission Permission, AccessTarget Target) NeededOrRefuse(AlertRuleInput input)
    {
        var scope = input.Scope.Trim();
        if (!GrantScope.IsValid(scope))
        {
            Refuse(AlertRuleValidator.Validate(input, isNew: false));
        }

        return Needed(scope);
    }

    private static void DemandScope(Caller caller, IReadOnlyList<Grant> grants, string scope)
    {
        var (permission, target) = Needed(scope);
        if (!AccessControl.IsAllowed(grants, permission, target))
        {
            throw new AccessDeniedException(caller, permission, target);
        }
    }

    private static void Refuse(IReadOnlyList<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    private async Task<AlertRuleRow> ToRowAsync(Caller caller, AlertRuleInput input, string? storedUrl, CancellationToken cancellationToken)
    {
        var url = input.WebhookUrl.Trim();
        var needsThreshold = AlertRuleValidator.NeedsThreshold(input.Kind);
        return new AlertRuleRow
        {
            Name = input.Name.Trim(),
            Kind = input.Kind.ToString(),
            Scope = input.Scope.Trim(),
            Threshold = needsThreshold ? input.Threshold : 0,
            WindowMinutes = AlertRuleValidator.NeedsWindow(input.Kind) ? input.WindowMinutes : 0,
            // Kept as typed: leading or trailing spaces may be part of what is looked for.
            Pattern = AlertRuleValidator.NeedsPattern(input.Kind) ? input.Pattern : "",
            PatternRegex = AlertRuleValidator.NeedsPattern(input.Kind) && input.PatternIsRegex,
            ChannelKind = input.ChannelKind.ToString(),
            WebhookUrl = url.Length > 0 ? await secrets.ProtectForTextColumnAsync(url, cancellationToken) : storedUrl ?? "",
            Enabled = input.Enabled,
            UpdatedBy = caller.UserName,
            UpdatedAt = clock.GetUtcNow().UtcDateTime,
        };
    }

    private async Task<string> MaskAsync(string storedUrl, CancellationToken cancellationToken)
    {
        try
        {
            return AlertRuleValidator.Mask(await secrets.UnprotectAsync(storedUrl, cancellationToken));
        }
        catch (CryptographicException)
        {
            return "…";
        }
    }

    // The audit log gets the rule without its webhook URL.
    private static object Audited(AlertRuleRow row) =>
        new { row.Name, row.Kind, row.Scope, row.Threshold, row.WindowMinutes, row.Pattern, row.PatternRegex, row.ChannelKind, row.Enabled };

    internal static (string Application, string Service) ScopeColumns(string scope)
    {
        if (scope == GrantScope.All || !GrantScope.IsValid(scope))
        {
            return ("", "");
        }

        var dot = scope.IndexOf('.');
        return dot < 0 ? (scope, "") : (scope[..dot], scope);
    }
}
