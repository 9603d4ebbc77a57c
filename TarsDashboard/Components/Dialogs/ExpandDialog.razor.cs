using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Deploy.Service;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Picks nodes to expand a service to, previews the new instances and ports, then writes them.</summary>
public sealed partial class ExpandDialog
{
    private FormRunner? _form;
    private IReadOnlyList<string> _candidates = [];
    private readonly List<string> _chosen = [];
    private ServiceExpansion? _preview;
    private Failure? _loadFailure;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The instance whose settings and adapters are copied.</summary>
    [Parameter, EditorRequired]
    public ServerConfRow Row { get; set; } = default!;

    [Inject]
    private ServiceExpander Expander { get; set; } = default!;

    [Inject]
    private NodeService Nodes { get; set; } = default!;

    [Inject]
    private ServiceCatalog Services { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<ExpandDialog> Logger { get; set; } = default!;

    private FormRunner Form => _form ??= new(L, ["Nodes"], StateHasChanged);

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            var caller = await Caller.GetAsync();
            var present = (await Services.ListServiceAsync(caller, Row.Application, Row.ServerName)).Select(r => r.NodeName).ToHashSet(StringComparer.Ordinal);
            _candidates = [.. (await Nodes.ListAsync(caller)).Select(n => n.NodeName).Where(n => !present.Contains(n)).Order(StringComparer.Ordinal)];
            _loadFailure = null;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Nodes to expand {Service} to could not load", Row.ServiceId);
            _loadFailure = ErrorPolicy.Classify(exception);
        }
    }

    private void Toggle(string node, bool chosen)
    {
        _chosen.Remove(node);
        if (chosen)
        {
            _chosen.Add(node);
        }

        // A preview is for the nodes it was made for.
        _preview = null;
        Form.Forget("Nodes");
    }

    private Task PreviewAsync() => Form.RunAsync(async () =>
        _preview = await Expander.PreviewAsync(await Caller.GetAsync(), Row.Id, [.. _chosen]),
        exception => Logger.LogFailure(exception, "Expansion preview of {Service} failed", Row.ServiceId));

    private Task ExpandAsync() => Form.RunAsync(async () =>
    {
        var written = await Expander.ExpandAsync(await Caller.GetAsync(), Row.Id, [.. _chosen]);
        Dialog.Close(DialogResult.Ok(written));
    }, exception => Logger.LogFailure(exception, "Expansion of {Service} failed", Row.ServiceId));

    private void Cancel() => Dialog.Cancel();
}
