using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Releases;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Statistics;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>Asks for a batch publish: package, instances in order, batch size or share, wait, gates, image; Core checks it.</summary>
public sealed partial class RolloutDialog
{
    private static readonly string[] Fields =
    [
        nameof(RolloutRequest.PackageId), nameof(RolloutRequest.ServerIds), nameof(RolloutRequest.BatchSize), nameof(RolloutRequest.BatchPercent),
        nameof(RolloutRequest.WaitSeconds), nameof(RolloutRequest.LogPattern), nameof(RolloutRequest.BaseImageId),
    ];

    private FormRunner? _form;
    private IReadOnlyList<ServicePackageRow> _packages = [];
    private IReadOnlyList<ServerConfRow> _instances = [];
    private IReadOnlyList<ImageSummary> _images = [];
    private readonly List<int> _chosen = [];
    private Failure? _loadFailure;
    private int _packageId;
    private int _batchSize = 1;
    private int _batchPercent;
    private int _waitSeconds = 30;
    private string? _logPattern;
    private int? _imageId;
    private bool _failureGate;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>An instance of the service to publish.</summary>
    [Parameter, EditorRequired]
    public ServerConfRow Row { get; set; } = default!;

    [Inject]
    private ReleaseService Releases { get; set; } = default!;

    [Inject]
    private ServicePackageStore Packages { get; set; } = default!;

    [Inject]
    private ServiceCatalog Services { get; set; } = default!;

    [Inject]
    private ImageService Images { get; set; } = default!;

    [Inject]
    private TarsStatisticsService Statistics { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<RolloutDialog> Logger { get; set; } = default!;

    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            var caller = await Caller.GetAsync();
            _packages = await Packages.ListAsync(caller, Row.Application, Row.ServerName);
            _instances = [.. (await Services.ListServiceAsync(caller, Row.Application, Row.ServerName)).OrderBy(r => r.NodeName, StringComparer.Ordinal)];
            _images = await Images.ListAsync(caller);
            _packageId = _packages.FirstOrDefault(p => p.IsDefault)?.Id ?? _packages.FirstOrDefault()?.Id ?? 0;
            _chosen.Clear();
            _chosen.AddRange(_instances.Select(i => i.Id));
            _loadFailure = null;
        }
        catch (Exception exception)
        {
            Logger.LogFailure(exception, "Batch publish choices of {Service} could not load", Row.ServiceId);
            _loadFailure = ErrorPolicy.Classify(exception);
        }
    }

    private void Set(string field, Action apply)
    {
        apply();
        Form.Forget(field);
    }

    private void Toggle(int id, bool chosen)
    {
        _chosen.Remove(id);
        if (chosen)
        {
            // Batches take instances in the list's order, whatever order they were ticked in.
            _chosen.Add(id);
            _chosen.Sort((a, b) => IndexOf(a).CompareTo(IndexOf(b)));
        }

        Form.Forget(nameof(RolloutRequest.ServerIds));
    }

    private int IndexOf(int id) => _instances.Select((r, i) => (r.Id, i)).First(p => p.Id == id).i;

    private Task StartAsync() => Form.RunAsync(async () =>
    {
        var release = await Releases.StartRolloutAsync(await Caller.GetAsync(),
            new RolloutRequest(_packageId, [.. _chosen], _batchSize, _batchPercent, _waitSeconds, _logPattern, _failureGate, _imageId));
        Dialog.Close(DialogResult.Ok(release.Id));
    }, exception => Logger.LogFailure(exception, "Batch publish of {Service} failed", Row.ServiceId));

    private void Cancel() => Dialog.Cancel();
}
