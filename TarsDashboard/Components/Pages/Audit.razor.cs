using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>
/// The audit log for admins, paged and filtered in the database; each row opens to its before/after JSON.
/// New entries appear live while the first page is shown.
/// </summary>
public sealed partial class Audit : IDisposable
{
    private const string AnyResult = "";
    private static readonly int[] PageSizes = [25, 50, 100];
    private static readonly string[] Results = [AuditResult.Ok, AuditResult.Refused, AuditResult.Conflict, AuditResult.Denied, AuditResult.Failed];

    // Each reload counts and pages in the database; a busy system records many entries a second.
    private readonly LiveRefresh _live = new(TimeSpan.FromMilliseconds(300));
    private readonly PageLoadState _load = new();
    private readonly HashSet<long> _expanded = [];
    private Dictionary<long, AuditEntry> _shown = [];
    private MudTable<AuditEntry>? _table;
    private bool _interactive;
    private Dictionary<string, object> _tableAttributes = [];
    private int _newEntries;
    private string? _user;
    private string? _action;
    private string? _target;
    private string _result = AnyResult;
    private DateTime? _from;
    private DateTime? _to;

    [Inject]
    private AuditLog Log { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private AccessControl Access { get; set; } = default!;

    [Inject]
    private ILogger<Audit> Logger { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        _tableAttributes = new() { ["aria-label"] = L["Nav.Audit"].Value };
        return StartAsync();
    }

    /// <summary>Checks access and subscribes; the table then asks for its first page.</summary>
    private async Task StartAsync()
    {
        var allowed = await _load.CheckAccessAsync(
            async () => await Access.IsAllowedAsync(await Caller.GetAsync(), Permission.ViewAudit, AccessTarget.Global),
            exception => Logger.LogFailure(exception, "Audit page could not check access"));
        if (_load.Allowed is null)
        {
            return; // the check failed; the alert offers Retry
        }

        _load.Recover();
        if (allowed)
        {
            _live.Start(Bus, liveEvent => liveEvent is AuditRecorded, () => InvokeAsync(ShowNewEntriesAsync));
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    /// <summary>The table asks for one page; the database filters, counts and pages.</summary>
    private async Task<TableData<AuditEntry>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        try
        {
            var query = new AuditQuery(
                UserName: Blank(_user),
                Action: Blank(_action),
                Target: Blank(_target),
                Result: Blank(_result),
                From: _from?.Date is { } from ? DateTime.SpecifyKind(from, DateTimeKind.Utc) : null,
                // "To" names a day and includes it: the query's bound is exclusive, so it is the next midnight.
                To: _to?.Date is { } to ? DateTime.SpecifyKind(to.AddDays(1), DateTimeKind.Utc) : null,
                Page: state.Page,
                PageSize: state.PageSize);
            var (rows, total) = await Log.QueryAsync(await Caller.GetAsync(), query, cancellationToken);
            // The table keys rows by item: handing back the same object for an entry already shown keeps its row (and
            // a click on it) instead of rebuilding it on every live reload. Entries never change, so the old one is right.
            var items = rows.Select(r => _shown.GetValueOrDefault(r.Id) ?? r).ToList();
            _shown = items.ToDictionary(r => r.Id);
            ShowLoadResult(null);
            return new TableData<AuditEntry> { Items = items, TotalItems = (int)Math.Min(total, int.MaxValue) };
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (AccessDeniedException)
        {
            // Core checks on every read: a grant taken away while the page is open closes it.
            _load.Allowed = false;
            StateHasChanged();
            return new TableData<AuditEntry> { Items = [], TotalItems = 0 };
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Audit page could not query the log");
            ShowLoadResult(exception);
            return new TableData<AuditEntry> { Items = [], TotalItems = 0 };
        }
    }

    // The table calls LoadPageAsync and re-renders itself; the alert above it belongs to the page.
    private void ShowLoadResult(Exception? failure)
    {
        var wasFailed = _load.LoadFailed;
        if (failure is null)
        {
            _load.Recover();
        }
        else
        {
            _load.Fail(failure);
        }

        if (wasFailed || failure is not null)
        {
            StateHasChanged();
        }
    }

    private void OnPageChanged(int page)
    {
        if (page == 0)
        {
            _newEntries = 0;
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task ShowNewEntriesAsync()
    {
        if (_table is null)
        {
            return;
        }

        if (_table.CurrentPage == 0)
        {
            await _table.ReloadServerData();
        }
        else
        {
            // Reloading would shift the rows the user is reading; say that there is more instead.
            _newEntries++;
            StateHasChanged();
        }
    }

    private Task SetUserAsync(string? value) => Filter(() => _user = value);

    private Task SetActionAsync(string? value) => Filter(() => _action = value);

    private Task SetTargetAsync(string? value) => Filter(() => _target = value);

    private Task SetResultAsync(string? value) => Filter(() => _result = value ?? AnyResult);

    private Task SetFromAsync(DateTime? value) => Filter(() => _from = value);

    private Task SetToAsync(DateTime? value) => Filter(() => _to = value);

    /// <summary>Applies a changed filter and shows its first page.</summary>
    private async Task Filter(Action apply)
    {
        apply();
        await ShowNewestAsync();
    }

    private async Task ShowNewestAsync()
    {
        _newEntries = 0;
        if (_table is null)
        {
            return;
        }

        if (_table.CurrentPage == 0)
        {
            await _table.ReloadServerData();
        }
        else
        {
            _table.NavigateTo(Page.First); // loads the first page
        }
    }

    private async Task RetryAsync()
    {
        if (_load.Allowed is null)
        {
            await StartAsync(); // the access check itself failed; the table appears once it passes
        }
        else if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    private bool IsExpanded(AuditEntry entry) => _expanded.Contains(entry.Id);

    private void Toggle(AuditEntry entry)
    {
        if (!_expanded.Remove(entry.Id))
        {
            _expanded.Add(entry.Id);
        }
    }

    public void Dispose() => _live.Dispose();
}
