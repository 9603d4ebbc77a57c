using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Pages;

/// <summary>The log viewer page: pick a source (container, file or journal) and follow it; the URL names the source.</summary>
public sealed partial class Logs : IAsyncDisposable
{
    private const int MaxTail = 100_000;

    private readonly List<SourceChoice> _choices = [];
    private LogSubscription? _subscription;
    private string? _sourceId;
    private string? _openedFor;
    private string? _sourceText;
    private string? _sourceError;
    private string? _openError;
    private bool _denied;
    private bool _opening;
    private bool _interactive;
    private int _attempt;

    /// <summary>The log source id, e.g. <c>container:node1:App.Server</c>.</summary>
    [SupplyParameterFromQuery(Name = "source")]
    public string? Source { get; set; }

    /// <summary>How many retained lines to show first.</summary>
    [SupplyParameterFromQuery(Name = "tail")]
    public int? Tail { get; set; }

    [Inject]
    private LogStreamManager LogStreams { get; set; } = default!;

    [Inject]
    private NodeService NodeService { get; set; } = default!;

    [Inject]
    private ServiceTreeQuery TreeQuery { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<Logs> Logger { get; set; } = default!;

    private string DownloadHref => $"/logs/download?source={Uri.EscapeDataString(_sourceId ?? "")}";

    protected override async Task OnInitializedAsync()
    {
        await LoadChoicesAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        _sourceId = string.IsNullOrWhiteSpace(Source) ? null : Source.Trim();
        _sourceText = _sourceId;
        if (_interactive)
        {
            await OpenCurrentAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            await OpenCurrentAsync();
            StateHasChanged();
        }
    }

    private static string LinkFor(string id) => $"/logs?source={Uri.EscapeDataString(id)}";

    private async Task LoadChoicesAsync()
    {
        var caller = await Caller.GetAsync();
        _choices.Clear();
        try
        {
            foreach (var node in await NodeService.ListAsync(caller))
            {
                if (LogSourceId.TryParse($"journal:node:{node.NodeName}", out var id, out _))
                {
                    _choices.Add(new SourceChoice(id.ToString(), L["Logs.NodeJournal", node.NodeName]));
                }
            }
        }
        catch (AccessDeniedException)
        {
            // Callers without the shared view pick services only.
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Logs page could not list nodes: {Reason}", exception.Message);
        }

        try
        {
            var seenJournals = new HashSet<string>(StringComparer.Ordinal);
            foreach (var service in (await TreeQuery.LoadAsync(caller)).Where(s => s.IsContainer)
                .OrderBy(s => s.ServiceId, StringComparer.Ordinal).ThenBy(s => s.NodeName, StringComparer.Ordinal))
            {
                if (LogSourceId.TryParse($"container:{service.NodeName}:{service.ServiceId}", out var container, out _))
                {
                    _choices.Add(new SourceChoice(container.ToString(), L["Logs.ContainerLog", service.ServiceId, service.NodeName]));
                }

                if (seenJournals.Add(service.ServiceId)
                    && LogSourceId.TryParse($"journal:service:{service.ServiceId}", out var journal, out _))
                {
                    _choices.Add(new SourceChoice(journal.ToString(), L["Logs.ServiceJournal", service.ServiceId]));
                }
            }
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Logs page could not list services: {Reason}", exception.Message);
        }
    }

    private async Task OpenCurrentAsync()
    {
        if (_openedFor == _sourceId && _openError is null && !_denied && _sourceError is null)
        {
            return;
        }

        await CloseAsync();
        _openedFor = _sourceId;
        _sourceError = null;
        _openError = null;
        _denied = false;
        if (_sourceId is null)
        {
            return;
        }

        if (!LogSourceId.TryParse(_sourceId, out var id, out var error))
        {
            _sourceError = error;
            return;
        }

        _opening = true;
        StateHasChanged();
        var attempt = ++_attempt;
        try
        {
            var follow = new LogFollowOptions { TailLines = Math.Clamp(Tail ?? 1_000, 0, MaxTail) };
            var subscription = await LogStreams.OpenAsync(await Caller.GetAsync(), id, follow);
            if (attempt != _attempt)
            {
                // Another source was chosen while this one opened.
                await subscription.DisposeAsync();
                return;
            }

            _subscription = subscription;
        }
        catch (AccessDeniedException)
        {
            _denied = attempt == _attempt;
        }
        catch (Exception exception)
        {
            Logger.LogWarning("Logs page could not open {Source}: {Reason}", id, exception.Message);
            if (attempt == _attempt)
            {
                _openError = exception.Message;
            }
        }
        finally
        {
            if (attempt == _attempt)
            {
                _opening = false;
            }
        }
    }

    private async Task RetryAsync()
    {
        _openedFor = null;
        await OpenCurrentAsync();
    }

    private void OpenTyped()
    {
        var text = _sourceText?.Trim();
        Navigation.NavigateTo(string.IsNullOrEmpty(text) ? "/logs" : LinkFor(text));
    }

    private void OnSourceKeyUp(KeyboardEventArgs args)
    {
        if (args.Key == "Enter")
        {
            OpenTyped();
        }
    }

    private async Task CloseAsync()
    {
        if (_subscription is not null)
        {
            var subscription = _subscription;
            _subscription = null;
            await subscription.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    private sealed record SourceChoice(string Id, string Label);
}
