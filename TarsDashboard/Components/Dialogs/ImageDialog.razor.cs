using Microsoft.AspNetCore.Components;
using MudBlazor;
using TarsDashboard.Core.Images;
using TarsDashboard.Model;
using TarsDashboard.Security;

namespace TarsDashboard.Components.Dialogs;

/// <summary>
/// Adds an image or edits one: its reference, the registry whose credentials pull it (inferred from the reference's
/// host by default, or none), and a remark. Core validates the reference; its message appears by the field.
/// </summary>
public sealed partial class ImageDialog
{
    /// <summary>The select's value for "infer from the reference" (Core's null).</summary>
    private const int InferRegistry = -1;

    private static readonly string[] Fields = [nameof(ImageInput.Image), nameof(ImageInput.RegistryId), nameof(ImageInput.Remark)];

    private FormRunner? _form;
    private ImageInput _input = new();
    private IReadOnlyList<RegistrySummary> _registries = [];
    private int _registry = InferRegistry;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The image to edit; null to add one.</summary>
    [Parameter]
    public ImageSummary? Existing { get; set; }

    [Inject]
    private ImageService Images { get; set; } = default!;

    [Inject]
    private RegistryService Registries { get; set; } = default!;

    [Inject]
    private CurrentCaller Caller { get; set; } = default!;

    [Inject]
    private ILogger<ImageDialog> Logger { get; set; } = default!;

    private bool IsEdit => Existing is not null;

    // Built on first use: the localizer is injected after the component is constructed.
    private FormRunner Form => _form ??= new(L, Fields, StateHasChanged);

    protected override async Task OnInitializedAsync()
    {
        _input = Existing is null ? new ImageInput() : ImageInput.From(Existing);
        _registry = Existing?.RegistryId ?? InferRegistry;
        try
        {
            _registries = await Registries.ListAsync(await Caller.GetAsync());
        }
        catch (Exception exception)
        {
            // "Infer" and "anonymous" still work without the list.
            Logger.LogFailure(exception, "Image dialog could not list registries");
        }
    }

    private void Set(string field, string? value)
    {
        value ??= "";
        switch (field)
        {
            case nameof(ImageInput.Image): _input.Image = value; break;
            case nameof(ImageInput.Remark): _input.Remark = value; break;
        }

        Form.Forget(field);
    }

    private void SetRegistry(int registry)
    {
        _registry = registry;
        Form.Forget(nameof(ImageInput.RegistryId));
    }

    private string RegistryText(RegistrySummary registry) =>
        string.IsNullOrEmpty(registry.Username) ? registry.Registry : L["ImageDialog.RegistryAs", registry.Registry, registry.Username];

    private Task SaveAsync() => Form.RunAsync(async () =>
    {
        // Core trims and normalises the reference; the field keeps what the user typed.
        var input = new ImageInput
        {
            Image = _input.Image,
            RegistryId = _registry == InferRegistry ? null : _registry,
            Remark = _input.Remark,
        };
        var caller = await Caller.GetAsync();
        var saved = Existing is null
            ? await Images.AddAsync(caller, input)
            : await Images.UpdateAsync(caller, Existing.Id, input, Existing.UpdateTime);
        Dialog.Close(DialogResult.Ok(saved));
    }, exception => Logger.LogFailure(exception, "Saving image {Image} failed", _input.Image),
        conflictText: L["ImageDialog.Conflict"]);

    private void Cancel() => Dialog.Cancel();
}
