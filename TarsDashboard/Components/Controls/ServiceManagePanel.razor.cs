using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Components.Dialogs;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Deploy.Service;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// Send a command (<see cref="ServiceCommandSender"/>), expand to more nodes (<see cref="ExpandDialog"/>), undeploy
/// (<see cref="ServiceUndeployer"/>, confirmed first; Core refuses while the instance runs).
/// </summary>
public sealed partial class ServiceManagePanel
{
    private FormRunner? _commandFormState;
    private string? _command;
    private string? _commandResult;
    private string? _undeployError;
    private bool _busy;

    [Parameter, EditorRequired]
    public ServerConfRow Row { get; set; } = default!;

    [Parameter]
    public bool MayOperate { get; set; }

    [Inject]
    private ServiceCommandSender Commands { get; set; } = default!;

    [Inject]
    private ServiceUndeployer Undeployer { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<ServiceManagePanel> Logger { get; set; } = default!;

    private FormRunner CommandForm => _commandFormState ??= new(L, ["Command"], StateHasChanged);

    private Task<IEnumerable<string>> SearchPresetsAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(ServiceCommandSender.Presets.Where(p => string.IsNullOrWhiteSpace(text) || p.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));

    private async Task SendAsync()
    {
        _commandResult = null;
        await CommandForm.RunAsync(async () =>
        {
            var result = await Commands.SendAsync(await Caller.GetAsync(), Row.Id, _command ?? "");
            _commandResult = string.IsNullOrWhiteSpace(result.Result) ? L["Manage.CommandSent"] : result.Result;
        }, exception => Logger.LogFailure(exception, "Command to {Service} on {Node} failed", Row.ServiceId, Row.NodeName));
    }

    private async Task ExpandAsync()
    {
        var parameters = new DialogParameters<ExpandDialog> { { d => d.Row, Row } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<ExpandDialog>(L["Manage.ExpandDialogTitle", Row.ServiceId], parameters, options);
        if (await dialog.Result is { Canceled: false, Data: ServiceExpansion expansion })
        {
            Snackbar.Add(L["Manage.Expanded", Row.ServiceId, string.Join(", ", expansion.Instances.Select(i => i.NodeName))], Severity.Success);
        }
    }

    private async Task UndeployAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Manage.UndeployConfirmTitle", Row.ServiceId, Row.NodeName], L["Manage.UndeployConfirm"],
            yesText: L["Manage.Undeploy"], cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        _undeployError = null;
        try
        {
            var steps = await Undeployer.UndeployAsync(await Caller.GetAsync(), Row.Id);
            Snackbar.Add(L["Manage.Undeployed", Row.ServiceId, Row.NodeName, string.Join("; ", steps)], Severity.Success);
            Navigation.NavigateTo("services");
        }
        catch (ValidationFailedException refused)
        {
            _undeployError = string.Join("; ", refused.Errors.Select(e => L.Localize(e)));
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Undeploy of {Service} on {Node} failed", Row.ServiceId, Row.NodeName);
            _undeployError = ErrorPolicy.Classify(exception).Describe(L);
        }
        finally
        {
            _busy = false;
        }
    }
}
