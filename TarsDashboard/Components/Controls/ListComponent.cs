using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The code every list page and panel shares: its rows and load state, the form runner for row actions, live reloads,
/// "edit in a dialog, then reload" and "ask, then run". The markup side is <see cref="ListPage"/> and
/// <see cref="ListTable{TItem}"/>.
/// </summary>
/// <typeparam name="TItem">A row of the list.</typeparam>
public abstract class ListComponent<TItem> : ComponentBase, IDisposable
{
    // Long enough to fold a burst of changes (a sync to many nodes) into one reload.
    private readonly LiveRefresh _live = new(TimeSpan.FromMilliseconds(150));
    private FormRunner? _form;
    private ILogger? _logger;

    /// <summary>The access check and the last load; the markup's <see cref="ListPage"/> shows it.</summary>
    protected PageLoadState Load { get; } = new();

    /// <summary>The rows; null until the first load answered.</summary>
    protected IReadOnlyList<TItem>? Items { get; private set; }

    [Inject]
    protected CurrentCaller Caller { get; set; } = default!;

    [Inject]
    protected IDialogService Dialogs { get; set; } = default!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Text { get; set; } = default!;

    [Inject]
    private ILoggerFactory LoggerFactory { get; set; } = default!;

    /// <summary>The page's own log category (its type name), as an injected <c>ILogger&lt;T&gt;</c> would be.</summary>
    protected ILogger Logger => _logger ??= LoggerFactory.CreateLogger(GetType());

    // Built on first use: the localizer is injected after the component is constructed.
    protected FormRunner Form => _form ??= new(Text, []);

    /// <summary>Reads the rows; Core checks the caller's grants.</summary>
    protected abstract Task<IReadOnlyList<TItem>> ListAsync(Caller caller);

    /// <summary>Reloads the rows; also the Retry after a failed load.</summary>
    protected Task LoadAsync() => Load.LoadAsync(
        async () => Items = await ListAsync(await Caller.GetAsync()),
        exception => Logger.LogFailure(exception, "{List} could not be loaded", GetType().Name),
        onDenied: OnLoadDenied);

    /// <summary>A grant taken away while the list is open: by default the form's alert says so.</summary>
    protected virtual void OnLoadDenied() => Form.SetAlert(Text["Access.Denied"]);

    /// <summary>Reloads (coalesced) whenever a live event that <paramref name="matters"/> arrives; subscribes once.</summary>
    protected void ReloadOn(Func<LiveEvent, bool> matters) => _live.Start(Bus, matters, () => InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    }));

    /// <summary>Opens <typeparamref name="TDialog"/>; when it saves a <typeparamref name="TSaved"/>, says so and reloads.</summary>
    protected async Task EditInDialogAsync<TDialog, TSaved>(string title, DialogParameters<TDialog> parameters, Func<TSaved, string> savedText)
        where TDialog : IComponent
    {
        Form.SetAlert(null);
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, DialogOptions);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: TSaved saved })
        {
            Snackbar.Add(savedText(saved), Severity.Success);
            await LoadAsync();
        }
    }

    /// <summary>
    /// Asks <paramref name="question"/>; on yes runs <paramref name="action"/> through <see cref="Form"/>, then says
    /// <paramref name="doneText"/> and reloads. <paramref name="conflictText"/> is shown when someone changed the row meanwhile.
    /// </summary>
    protected async Task ConfirmAndRunAsync(string title, string question, string yesText, Func<Caller, Task> action, string doneText,
        Action<Exception> logFailure, string? conflictText = null)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(title, question, yesText: yesText, cancelText: Text["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        await Form.RunAsync(async () =>
        {
            await action(await Caller.GetAsync());
            Snackbar.Add(doneText, Severity.Success);
            await LoadAsync();
        }, logFailure, conflictText: conflictText);
    }

    protected static DialogOptions DialogOptions { get; } =
        new() { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };

    public void Dispose()
    {
        _live.Dispose();
        OnDispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the page subscribed to besides its live reloads.</summary>
    protected virtual void OnDispose()
    {
    }
}
