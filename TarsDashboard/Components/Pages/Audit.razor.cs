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

    private readonly RefreshCoalescer _refresh = new(TimeSpan.FromMilliseconds(150));
    private readonly HashSet<long> _expanded = [];
    private MudTable<AuditEntry>? _table;
    private bool _interactive;
    private Dictionary<string, object> _tableAttributes = [];
    private bool _loadFailed;
    private bool? _allowed;
    private int _newEntries;
    private string? _user;
    private string? _action;
    private string? _target;
    private string _result = AnyResult;
    private DateTime? _from;
    private DateTime? _to;
    private IDisposable? _subscription;

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

    protected override async Task OnInitializedAsync()
    {
        _tableAttributes = new() { ["aria-label"] = L["Nav.Audit"].Value };
        try
        {
            _allowed = await Access.IsAllowedAsync(await Caller.GetAsync(), Permission.ViewAudit, AccessTarget.Global);
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Audit page could not check access: {Reason}", exception.Message);
            _loadFailed = true;
            return;
        }

        if (_allowed == true)
        {
            _subscription = Bus.Subscribe(OnLiveEventAsync);
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
            // The log itself does not check who reads it; the page may only be opened with the audit permission.
            if (!await Access.IsAllowedAsync(await Caller.GetAsync(), Permission.ViewAudit, AccessTarget.Global, cancellationToken))
            {
                _allowed = false;
                StateHasChanged();
                return new TableData<AuditEntry> { Items = [], TotalItems = 0 };
            }

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
            var (rows, total) = await Log.QueryAsync(query, cancellationToken);
            _loadFailed = false;
            return new TableData<AuditEntry> { Items = rows, TotalItems = (int)Math.Min(total, int.MaxValue) };
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Audit page could not query the log: {Reason}", exception.Message);
            _loadFailed = true;
            return new TableData<AuditEntry> { Items = [], TotalItems = 0 };
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

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is AuditRecorded)
        {
            _refresh.Request(() => InvokeAsync(async () =>
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
            }));
        }

        return Task.CompletedTask;
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

    private Task RetryAsync() => _table?.ReloadServerData() ?? Task.CompletedTask;

    private bool IsExpanded(AuditEntry entry) => _expanded.Contains(entry.Id);

    private void Toggle(AuditEntry entry)
    {
        if (!_expanded.Remove(entry.Id))
        {
            _expanded.Add(entry.Id);
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
