using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Services;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Adds a servant endpoint to a service instance or edits one; Core validates (names, endpoint, free port) and audits.</summary>
public sealed partial class AdapterDialog
{
    private static readonly string[] Fields = typeof(AdapterInput).GetProperties().Select(p => p.Name).ToArray();

    private FormRunner? _form;
    private AdapterInput _input = new();

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

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

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
        Form.Forget(field);
    }

    private Task SuggestPortAsync() => RunAsync(async () =>
    {
        _input.Port = await Adapters.SuggestFreePortAsync(await Caller.GetAsync(), Server.NodeName);
        Form.Forget(nameof(AdapterInput.Port));
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

    // A suggested port or a failed save leaves the other fields' messages; only Core's next refusal replaces them.
    private Task RunAsync(Func<Task> action) => Form.RunAsync(action, exception =>
            Logger.LogFailure(exception, "Saving adapter {Obj} of {Service} failed", _input.ObjName, Server.ServiceId),
        conflictText: L["AdapterDialog.Conflict"], keepFieldErrors: true);
}
