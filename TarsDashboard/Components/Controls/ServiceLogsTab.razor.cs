using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The service page's Logs tab: links that open each of the service's log sources in the Logs page, and its log files
/// where they live (<see cref="LogStreamManager.ListLogFilesOfServiceAsync"/>: through the framework on a tarsnode's node,
/// else inside the container), asked when the tab opens, not before.
/// </summary>
public sealed partial class ServiceLogsTab
{
    private IReadOnlyList<LogFileInfo>? _files;
    private Failure? _failure;
    private bool _denied;

    [Parameter, EditorRequired]
    public string Node { get; set; } = "";

    [Parameter, EditorRequired]
    public string Application { get; set; } = "";

    [Parameter, EditorRequired]
    public string Server { get; set; } = "";

    [Inject]
    private LogStreamManager Logs { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<ServiceLogsTab> Logger { get; set; } = default!;

    private string ServiceId => $"{Application}.{Server}";

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _failure = null;
        _denied = false;
        _files = null;
        try
        {
            _files = await Logs.ListLogFilesOfServiceAsync(await Caller.GetAsync(), Node, Application, Server);
        }
        catch (AccessDeniedException)
        {
            // A refusal, shown as such; not a failure to log.
            _denied = true;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "The log files of {Service} on {Node} could not be listed", ServiceId, Node);
            _failure = ErrorPolicy.Classify(exception);
        }
    }

    /// <summary>The Logs page following <paramref name="source"/>.</summary>
    public static string LogsHref(LogSourceId source) => $"/logs?source={Uri.EscapeDataString(source.ToString())}";

    /// <summary>The Logs page with the node journal and the service's container merged, filtered to the service.</summary>
    public static string FailureLogsHref(string node, string service) =>
        $"/logs?source={Uri.EscapeDataString(LogSourceId.ForNodeJournal(node).ToString())}"
        + $"&source={Uri.EscapeDataString(LogSourceId.ForContainer(node, service).ToString())}"
        + $"&filter={Uri.EscapeDataString(service)}";
}
