using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Logs;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// "tarsnode log": asks <see cref="TarsnodeLogs"/> which sources hold tarsnode's logs for <see cref="Node"/> (and the
/// service when given) and opens them together in the Logs page; says so when there are none or the caller may open none.
/// </summary>
public sealed partial class TarsnodeLogButton
{
    private bool _busy;

    [Parameter, EditorRequired]
    public string Node { get; set; } = "";

    /// <summary>With <see cref="Server"/>: the service whose per-service tarsnode log and own log are wanted.</summary>
    [Parameter]
    public string? Application { get; set; }

    [Parameter]
    public string? Server { get; set; }

    /// <summary>Merge the service container's output in too (for a start that failed).</summary>
    [Parameter]
    public bool WithContainerOutput { get; set; }

    /// <summary>The routes allowed; engine only for a node no framework manages.</summary>
    [Parameter]
    public TarsnodeLogRoutes Routes { get; set; } = TarsnodeLogRoutes.Any;

    [Parameter]
    public bool IconOnly { get; set; }

    /// <summary>The button's text (not shown when <see cref="IconOnly"/>).</summary>
    [Parameter]
    public string? Text { get; set; }

    /// <summary>What assistive technology announces; the text when not given.</summary>
    [Parameter]
    public string? Label { get; set; }

    [Parameter]
    public Variant Variant { get; set; } = Variant.Text;

    [Parameter]
    public Color Color { get; set; } = Color.Default;

    [Parameter]
    public string TestId { get; set; } = "tarsnode-log";

    [Inject]
    private TarsnodeLogs Resolver { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<TarsnodeLogButton> Logger { get; set; } = default!;

    private string AccessibleName => Label ?? Text ?? L["TarsnodeLog.Tooltip"];

    /// <summary>The Logs page showing the sources merged by time.</summary>
    public static string LogsHref(IEnumerable<LogSourceId> sources) =>
        "/logs?" + string.Join('&', sources.Select(s => $"source={Uri.EscapeDataString(s.ToString())}"));

    private async Task OpenAsync()
    {
        _busy = true;
        try
        {
            var found = await Resolver.ResolveAsync(await Caller.GetAsync(), Node, Application, Server, Routes, WithContainerOutput);
            if (!found.IsEmpty)
            {
                Navigation.NavigateTo(LogsHref(found.Sources));
            }
            else
            {
                Snackbar.Add(found.Denied ? L["Access.Denied"] : L["TarsnodeLog.NotFound", Node], found.Denied ? Severity.Error : Severity.Info);
            }
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "tarsnode logs of {Node} could not be resolved", Node);
            Snackbar.Add(L["TarsnodeLog.Failed", Node], Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
