using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Shows a new token's secret the only time it exists in clear text, with a button to copy it.</summary>
public sealed partial class TokenSecretDialog
{
    private bool? _copied;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public string TokenName { get; set; } = "";

    [Parameter, EditorRequired]
    public string Secret { get; set; } = "";

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    private async Task CopyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", Secret);
            _copied = true;
        }
        catch (JSException)
        {
            // No clipboard access (a page served over plain http from another host); the text can still be selected.
            _copied = false;
        }
    }

    private void Close() => Dialog.Close(DialogResult.Ok(true));
}
