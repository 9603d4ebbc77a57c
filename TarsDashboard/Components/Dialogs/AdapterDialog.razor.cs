using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Adds a servant endpoint to a service instance or edits one; Core validates (names, endpoint, free port) and audits.</summary>
public sealed partial class AdapterDialog
{
    private static readonly string[] Fields = typeof(AdapterInput).GetProperties().Select(p => p.Name).ToArray();

    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private AdapterInput _input = new();
    private string? _alert;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The instance the adapter belongs to.</summary>
    [Parameter, EditorRequired]
    public ServerConfRow Server { get; set; } = default!;

    /// <summary>The adapter to edit; null to add one.</summary>
    [Parameter]
    public AdapterConfRow? Existing { get; set; }

    [Inject]
    private AdapterService Adapters { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<AdapterDialog> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _input = Existing is null ? AdapterInput.ForNew(Server) : AdapterInput.From(Existing);
        if (Existing is null)
        {
            // A new adapter starts with a port nobody on the node uses, as the Tars web platform does.
            await SuggestPortAsync();
        }
    }

    private void Set(string field, Action apply)
    {
        apply();
        _errors.Remove(field);
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private Task SuggestPortAsync() => RunAsync(async () =>
    {
        _input.Port = await Adapters.SuggestFreePortAsync(await Caller.GetAsync(), Server.NodeName);
        _errors.Remove(nameof(AdapterInput.Port));
    });

    private Task SaveAsync() => RunAsync(async () =>
    {
        var caller = await Caller.GetAsync();
        var saved = Existing is null
            ? await Adapters.AddAsync(caller, Server.Id, _input.Copy())
            : await Adapters.UpdateAsync(caller, Existing, _input.Copy());
        Dialog.Close(DialogResult.Ok(saved));
    });

    private void Cancel() => Dialog.Cancel();

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        _alert = null;
        StateHasChanged();
        try
        {
            await action();
        }
        catch (ValidationFailedException refused)
        {
            _errors.Clear();
            _alert = FieldErrors.Place(refused, Fields, _errors, L);
        }
        catch (ConcurrencyConflictException)
        {
            _alert = L["AdapterDialog.Conflict"];
        }
        catch (AccessDeniedException)
        {
            _alert = L["Access.Denied"];
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Saving adapter {Obj} of {Service} failed: {Reason}", _input.ObjName, Server.ServiceId, exception.Message);
            _alert = L["Database.NotReachable"];
        }
        finally
        {
            _busy = false;
        }
    }
}
