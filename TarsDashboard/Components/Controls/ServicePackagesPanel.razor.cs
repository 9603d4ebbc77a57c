using System.Globalization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// The packages of an instance's service: upload (checked and stored by <see cref="ServicePackageStore"/>), the list with md5
/// and the default, publishing to this instance or every instance of App.Server with live task progress, and the publish history.
/// </summary>
public sealed partial class ServicePackagesPanel : IDisposable
{
    private IReadOnlyList<ServicePackageRow> _packages = [];
    private IReadOnlyList<PackagePublishRow> _history = [];
    private readonly Dictionary<string, TaskProgress> _progress = new(StringComparer.Ordinal);
    private IBrowserFile? _file;
    private string? _comment;
    private string? _md5;
    private string? _taskNo;
    private string? _error;
    private Func<Task>? _retry;
    private bool _busy;
    private IDisposable? _subscription;

    /// <summary>The stored instance the page shows.</summary>
    [Parameter, EditorRequired]
    public ServerConfRow Row { get; set; } = default!;

    /// <summary>The caller holds OperateService on the service.</summary>
    [Parameter]
    public bool MayOperate { get; set; }

    [Inject]
    private ServicePackageStore Store { get; set; } = default!;

    [Inject]
    private ServiceCatalog Services { get; set; } = default!;

    [Inject]
    private LiveEventBus Bus { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ILogger<ServicePackagesPanel> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _subscription = Bus.Subscribe(OnLiveEventAsync);
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        var caller = await Caller.GetAsync();
        _packages = await Store.ListAsync(caller, Row.Application, Row.ServerName);
        _history = await Store.ListPublishHistoryAsync(caller, Row.Application, Row.ServerName, 20);
    }

    private void OnFileChosen(InputFileChangeEventArgs args)
    {
        _file = args.File;
        _error = null;
    }

    private async Task UploadAsync()
    {
        if (_file is null)
        {
            return;
        }

        await RunAsync(async caller =>
        {
            if (_file.Size > Store.MaxBytes)
            {
                throw new ValidationFailedException(new FieldError("Package", "Package.TooLarge", L["Packages.TooLarge", Store.MaxBytes / (1024 * 1024)].Value));
            }

            await using var stream = _file.OpenReadStream(Store.MaxBytes);
            await Store.UploadAsync(caller, Row.Application, Row.ServerName, _file.Name, stream, _comment, _md5);
            _file = null;
            _comment = null;
            _md5 = null;
        });
    }

    private async Task PublishAsync(ServicePackageRow package, bool all)
    {
        var target = all ? $"{Row.Application}.{Row.ServerName}" : $"{Row.ServiceId} @ {Row.NodeName}";
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Packages.PublishTitle"], L["Packages.PublishConfirm", package.Id, target],
            yesText: L["Packages.Publish"], cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(async caller =>
        {
            IReadOnlyList<int> ids = all
                ? [.. (await Services.ListServiceAsync(caller, Row.Application, Row.ServerName)).Select(s => s.Id)]
                : [Row.Id];
            _progress.Clear();
            var task = await Store.PublishAsync(caller, package.Id, ids);
            _taskNo = task.TaskNo;
        });
    }

    private async Task SetDefaultAsync(ServicePackageRow package) => await RunAsync(caller => Store.SetDefaultAsync(caller, package.Id));

    private async Task DeleteAsync(ServicePackageRow package)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Packages.DeleteTitle"], L["Packages.DeleteConfirm", package.Id],
            yesText: L["Packages.Delete"], cancelText: L["Common.Cancel"]);
        if (confirmed == true)
        {
            await RunAsync(caller => Store.DeleteAsync(caller, package.Id));
        }
    }

    private async Task RunAsync(Func<Caller, Task> work)
    {
        _busy = true;
        _error = null;
        _retry = null;
        try
        {
            await work(await Caller.GetAsync());
            await ReloadAsync();
        }
        catch (FrameworkUnreachableException exception)
        {
            // A publish to a tarsnode's node: nothing was stored or sent; the same action can be tried again.
            _error = L.Localize(exception.Error);
            _retry = () => RunAsync(work);
        }
        catch (ValidationFailedException exception)
        {
            // A refusal for the user to read, not a failure to log.
            _error = string.Join("; ", exception.Errors.Select(e => L.Localize(e)));
        }
        catch (Exception exception) when (exception is AccessDeniedException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Core or the package store refuses with a message; kept in the log with its stack.
            Logger.LogWarning(exception, "Package action on instance {Id} refused", Row.Id);
            _error = exception.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private Task RetryAsync() => _retry?.Invoke() ?? Task.CompletedTask;

    private Task OnLiveEventAsync(LiveEvent liveEvent)
    {
        if (liveEvent is TaskProgress progress && _taskNo is not null && progress.TaskNo == _taskNo)
        {
            return InvokeAsync(async () =>
            {
                _progress[progress.ItemNo] = progress;
                if (_progress.Values.All(p => p.IsFinished))
                {
                    await Store.WaitAsync(progress.TaskNo);
                    await ReloadAsync();
                }

                StateHasChanged();
            });
        }

        return Task.CompletedTask;
    }

    private static string SizeText(long size) =>
        size >= 1024 * 1024
            ? (size / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
            : (size / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";

    private static string LastLine(string log) =>
        log.TrimEnd('\n').Split('\n').LastOrDefault() ?? "";

    public void Dispose() => _subscription?.Dispose();
}
