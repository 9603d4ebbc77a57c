using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Deploy;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>The guided wizards, one card each; a wizard left half-way says so and offers to resume.</summary>
public sealed partial class Deploy
{
    // One card per guided wizard; each wizard page keeps its own draft under DraftKind.
    private static readonly WizardLink[] Wizards =
    [
        new("Service", "/deploy/service", Icons.Material.Filled.Apps, "service"),
        new("Node", "/deploy/node", Icons.Material.Filled.Dns, "node"),
        new("Framework", "/deploy/framework", Icons.Material.Filled.Hub, "framework"),
        new("Setup", "/setup", Icons.Material.Filled.PlayCircle, "setup"),
    ];

    private Dictionary<string, DateTime> _drafts = [];
    private bool _interactive;

    [Inject]
    private WizardDraftStore Drafts { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<Deploy> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _drafts = new(await Drafts.ListAsync(await Caller.GetAsync()), StringComparer.Ordinal);
        }
        catch (Exception exception)
        {
            // The cards work without it; only the "resume" hint is missing.
            Logger.LogFailure(exception, "Deploy page could not read wizard drafts");
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

    private string WizardButton(WizardLink wizard) =>
        _drafts.ContainsKey(wizard.DraftKind) ? L["Deploy.Resume", L[$"Deploy.{wizard.Key}.Title"]] : L[$"Deploy.{wizard.Key}.Open"];

    private sealed record WizardLink(string Key, string Href, string Icon, string DraftKind);
}
