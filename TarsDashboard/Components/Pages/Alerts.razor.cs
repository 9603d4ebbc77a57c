using MudBlazor;
using Microsoft.AspNetCore.Components;
using TarsDashboard.Components.Controls;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Alerts;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// Alert rules and their history, as far as the caller's grants reach: add, edit (with a test notice) and delete rules;
/// the history is paged and filtered in the database and refreshes live when an alert fires or recovers.
/// </summary>
public sealed partial class Alerts : ListComponent<AlertRule>
{
    private const string AnyState = "";
    private static readonly int[] PageSizes = [25, 50, 100];
    private static readonly string[] States = [AlertState.Fired, AlertState.Recovered, AlertState.Test];

    private readonly LiveRefresh _historyLive = new(TimeSpan.FromMilliseconds(300));
    private MudTable<AlertHistoryEntry>? _history;
    private Dictionary<string, object> _historyAttributes = [];
    private Failure? _historyFailure;
    private bool _interactive;
    private string? _text;
    private string _state = AnyState;
    private int _ruleId;

    [Inject]
    private AlertService AlertService { get; set; } = default!;

    [Inject]
    private Core.Live.LiveEventBus Bus { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        _historyAttributes = new() { ["aria-label"] = L["Alerts.History"].Value };
        return StartAsync();
    }

    /// <summary>Every signed-in user may open the page (Core shows them only their scopes); subscribes, then loads.</summary>
    private async Task StartAsync()
    {
        var allowed = await Load.CheckAccessAsync(() => Task.FromResult(true), exception => Logger.LogFailure(exception, "Alerts page could not start"));
        if (!allowed)
        {
            return;
        }

        ReloadOn(liveEvent => liveEvent is AlertRulesChanged);
        _historyLive.Start(Bus, liveEvent => liveEvent is AlertRecorded, () => InvokeAsync(ReloadHistoryAsync));
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    protected override Task<IReadOnlyList<AlertRule>> ListAsync(Caller caller) => AlertService.ListRulesAsync(caller);

    protected override void OnDispose() => _historyLive.Dispose();

    private string KindText(AlertRule rule) => rule.Kind switch
    {
        AlertKind.RestartLoop => L["Alerts.KindRestartLoop", rule.Threshold, rule.WindowMinutes],
        AlertKind.CpuAbove or AlertKind.MemoryAbove => L[$"Alerts.Kind{rule.Kind}", rule.Threshold, rule.WindowMinutes],
        AlertKind.LogPattern => L["Alerts.KindLogPattern", rule.Pattern, rule.Threshold, rule.WindowMinutes],
        _ => L[$"AlertKind.{rule.Kind}"],
    };

    private Task AddAsync() =>
        EditInDialogAsync<AlertRuleDialog, string>(L["AlertDialog.AddTitle"], [], name => L["Alerts.Saved", name]);

    private Task EditAsync(AlertRule rule) =>
        EditInDialogAsync<AlertRuleDialog, string>(L["AlertDialog.EditTitle", rule.Name],
            new DialogParameters<AlertRuleDialog> { { d => d.Existing, rule } }, name => L["Alerts.Saved", name]);

    private Task DeleteAsync(AlertRule rule) => ConfirmAndRunAsync(
        L["Alerts.DeleteTitle"],
        L["Alerts.DeleteConfirm", rule.Name],
        L["Alerts.Delete"],
        caller => AlertService.DeleteRuleAsync(caller, rule.Id),
        L["Alerts.Deleted", rule.Name],
        exception => Logger.LogFailure(exception, "Deleting alert rule {Rule} failed", rule.Name),
        conflictText: L["Alerts.Conflict", rule.Name]);

    /// <summary>The history table asks for one page; the database filters, counts and pages.</summary>
    private async Task<TableData<AlertHistoryEntry>> LoadHistoryAsync(TableState state, CancellationToken cancellationToken)
    {
        try
        {
            var query = new AlertHistoryQuery(
                RuleId: _ruleId == 0 ? null : _ruleId,
                State: _state.Length == 0 ? null : _state,
                Text: string.IsNullOrWhiteSpace(_text) ? null : _text.Trim(),
                Page: state.Page,
                PageSize: state.PageSize);
            var (rows, total) = await AlertService.QueryHistoryAsync(await Caller.GetAsync(), query, cancellationToken);
            SetHistoryFailure(null);
            return new TableData<AlertHistoryEntry> { Items = rows, TotalItems = (int)Math.Min(total, int.MaxValue) };
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Alerts page could not query the history");
            SetHistoryFailure(exception);
            return new TableData<AlertHistoryEntry> { Items = [], TotalItems = 0 };
        }
    }

    private void SetHistoryFailure(Exception? exception)
    {
        var had = _historyFailure is not null;
        _historyFailure = exception is null ? null : ErrorPolicy.Classify(exception);
        if (had || exception is not null)
        {
            StateHasChanged();
        }
    }

    private async Task ReloadHistoryAsync()
    {
        if (_history is not null)
        {
            await _history.ReloadServerData();
        }
    }

    private Task SetTextAsync(string? value) => FilterAsync(() => _text = value);

    private Task SetStateAsync(string? value) => FilterAsync(() => _state = value ?? AnyState);

    private Task SetRuleAsync(int value) => FilterAsync(() => _ruleId = value);

    private async Task FilterAsync(Action apply)
    {
        apply();
        if (_history is null)
        {
            return;
        }

        if (_history.CurrentPage == 0)
        {
            await _history.ReloadServerData();
        }
        else
        {
            _history.NavigateTo(Page.First); // loads the first page
        }
    }
}
