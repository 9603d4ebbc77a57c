using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Alerts;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>
/// Adds or edits an alert rule and sends a test notice to its webhook. The saved webhook URL is never shown (only its
/// host); on an edit a blank URL keeps it. Core validates; its messages appear by each field and nothing is stored.
/// </summary>
public sealed partial class AlertRuleDialog
{
    private static readonly string[] Fields =
    [
        nameof(AlertRuleInput.Name), nameof(AlertRuleInput.Scope), nameof(AlertRuleInput.Threshold), nameof(AlertRuleInput.WindowMinutes),
        nameof(AlertRuleInput.Pattern), nameof(AlertRuleInput.WebhookUrl),
    ];

    private FormRunner? _form;
    private AlertRuleInput _input = new();
    private AlertDelivery? _test;
    private bool _mayManageGlobal;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The rule to edit; null to add one.</summary>
    [Parameter]
    public AlertRule? Existing { get; set; }

    [Inject]
    private AlertService Alerts { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<AlertRuleDialog> Logger { get; set; } = default!;

    private bool IsEdit => Existing is not null;

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

    protected override async Task OnInitializedAsync()
    {
        _input = Existing is null ? new AlertRuleInput { Threshold = 3, WindowMinutes = 5 } : AlertRuleInput.From(Existing);
        try
        {
            _mayManageGlobal = await Alerts.MayManageGlobalAsync(await Caller.GetAsync());
        }
        catch (Exception exception)
        {
            // Only the scope's hint depends on it; Core decides on save.
            Logger.LogFailure(exception, "Alert rule dialog could not check the caller's global rights");
        }
    }

    private string ThresholdLabel => _input.Kind switch
    {
        AlertKind.RestartLoop => L["AlertDialog.Starts"],
        AlertKind.LogPattern => L["AlertDialog.Matches"],
        _ => L["AlertDialog.Percent"],
    };

    // A new rule starts from the kind's usual threshold: one match of a log pattern, three starts, and so on.
    private void ChangeKind(AlertKind kind)
    {
        var wasLogPattern = _input.Kind == AlertKind.LogPattern;
        _input.Kind = kind;
        if (IsEdit)
        {
            return;
        }

        if (kind == AlertKind.LogPattern && _input.Threshold == 3)
        {
            _input.Threshold = 1;
        }
        else if (wasLogPattern && _input.Threshold == 1)
        {
            _input.Threshold = 3;
        }
    }

    private void Set(string field, Action apply)
    {
        apply();
        Form.Forget(field);
        _test = null;
    }

    private Task TestAsync() => RunAsync(async () =>
        _test = await Alerts.SendTestAsync(await Caller.GetAsync(), Copy(_input), Existing?.Id));

    private Task SaveAsync() => RunAsync(async () =>
    {
        var caller = await Caller.GetAsync();
        if (Existing is null)
        {
            await Alerts.AddRuleAsync(caller, Copy(_input));
        }
        else
        {
            await Alerts.UpdateRuleAsync(caller, Existing.Id, Copy(_input));
        }

        Dialog.Close(DialogResult.Ok(_input.Name.Trim()));
    });

    private void Cancel() => Dialog.Cancel();

    private Task RunAsync(Func<Task> action)
    {
        _test = null;
        return Form.RunAsync(action, exception => Logger.LogFailure(exception, "Alert rule {Rule} failed", _input.Name),
            conflictText: L["AlertDialog.Conflict"]);
    }

    // Core trims what it is given; the fields keep showing exactly what the user typed.
    private static AlertRuleInput Copy(AlertRuleInput input) => new()
    {
        Name = input.Name,
        Kind = input.Kind,
        Scope = input.Scope,
        Threshold = input.Threshold,
        WindowMinutes = input.WindowMinutes,
        ChannelKind = input.ChannelKind,
        WebhookUrl = input.WebhookUrl,
        Enabled = input.Enabled,
        Pattern = input.Pattern,
        PatternIsRegex = input.PatternIsRegex,
    };
}
