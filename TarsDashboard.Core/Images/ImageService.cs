using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Images;

/// <summary>
/// Images (<c>t_base_image</c>): list, add, edit, delete. The reference is validated and stored in its normal form; its
/// registry is the one chosen, or the saved registry of the reference's host.
/// </summary>
public sealed class ImageService
{
    private readonly BaseImageRepository images;
    private readonly DockerRegistryRepository registries;
    private readonly ImageSyncService sync;
    private readonly Operations operations;
    private readonly AccessControl access;
    private readonly LiveEventBus bus;
    private readonly TimeProvider clock;

    internal ImageService(
        BaseImageRepository images,
        DockerRegistryRepository registries,
        ImageSyncService sync,
        Operations operations,
        AccessControl access,
        LiveEventBus bus,
        TimeProvider clock)
    {
        this.clock = clock;
        this.images = images;
        this.registries = registries;
        this.sync = sync;
        this.operations = operations;
        this.access = access;
        this.bus = bus;
    }

    public const int MaxRemarkLength = 255;

    public async Task<IReadOnlyList<ImageSummary>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        var hosts = (await registries.ListAsync(cancellationToken)).ToDictionary(r => r.Id, r => r.Registry);
        var services = await images.CountServicesPerImageAsync(cancellationToken);
        return (await images.ListAsync(cancellationToken)).Select(i => Summarize(i, hosts, services)).ToList();
    }

    public async Task<ImageSummary?> GetAsync(Caller caller, int id, CancellationToken cancellationToken = default) =>
        (await ListAsync(caller, cancellationToken)).FirstOrDefault(i => i.Id == id);

    public Task<ImageSummary> AddAsync(Caller caller, ImageInput input, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageImages, AccessTarget.Global, "image.add", input.Image ?? "", async audit =>
        {
            var (reference, registryId) = await ValidateAsync(input, null, cancellationToken);
            var now = UpdateTimes.Next(clock.GetUtcNow().UtcDateTime, null);
            var row = new BaseImageRow
            {
                Image = reference.FullName,
                RegistryId = registryId,
                Remark = input.Remark?.Trim() ?? "",
                CreateTime = now,
                UpdateTime = now,
            };
            await images.InsertAsync(row, cancellationToken);
            audit.After = AuditView(row);
            bus.Publish(new ImagesChanged(row.Id, "added"));
            return await SummarizeAsync(row, cancellationToken);
        }, cancellationToken);

    /// <summary>Saves an edit made on the version read at <paramref name="expectedUpdateTime"/>. A new reference forgets the last sync.</summary>
    public async Task<ImageSummary> UpdateAsync(Caller caller, int id, ImageInput input, DateTime? expectedUpdateTime,
        CancellationToken cancellationToken = default)
    {
        var target = (await images.GetAsync(id, cancellationToken))?.Image ?? $"image #{id}";
        return await operations.RunAsync(caller, Permission.ManageImages, AccessTarget.Global, "image.update", target, async audit =>
        {
            var existing = await images.GetAsync(id, cancellationToken) ?? throw new ConcurrencyConflictException($"Image {target}");
            var (reference, registryId) = await ValidateAsync(input, id, cancellationToken);
            audit.Before = AuditView(existing);
            var referenceChanged = reference.FullName != existing.Image;
            var row = new BaseImageRow
            {
                Id = id,
                Image = reference.FullName,
                RegistryId = registryId,
                Remark = input.Remark?.Trim() ?? "",
                Result = referenceChanged ? null : existing.Result,
                Sha = referenceChanged ? null : existing.Sha,
                CreateTime = existing.CreateTime,
                UpdateTime = UpdateTimes.Next(clock.GetUtcNow().UtcDateTime, existing.UpdateTime),
            };
            if (!await images.UpdateAsync(row, expectedUpdateTime, referenceChanged, cancellationToken))
            {
                throw new ConcurrencyConflictException($"Image {target}");
            }

            if (referenceChanged)
            {
                sync.Forget(id);
            }

            audit.After = AuditView(row);
            bus.Publish(new ImagesChanged(id, "updated"));
            return await SummarizeAsync(row, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Deletes an image row (not from the nodes); refused while a service runs on it.</summary>
    public async Task DeleteAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        var existing = await images.GetAsync(id, cancellationToken);
        await operations.RunAsync(caller, Permission.ManageImages, AccessTarget.Global, "image.delete", existing?.Image ?? $"image #{id}", async audit =>
        {
            if (existing is null)
            {
                return;
            }

            audit.Before = AuditView(existing);
            if (await images.DeleteIfUnusedAsync(id, cancellationToken) == 0)
            {
                var services = await images.CountServicesUsingAsync(id, cancellationToken);
                if (services > 0)
                {
                    throw new ValidationFailedException(new FieldError(nameof(ImageInput.Image), "Image.InUse",
                        $"{services} service(s) run in containers on this image; move them to another image first.", services));
                }

                return; // someone else deleted it meanwhile
            }

            sync.Forget(id);
            bus.Publish(new ImagesChanged(id, "deleted"));
        }, cancellationToken);
    }

    private async Task<(ImageReference Reference, int RegistryId)> ValidateAsync(ImageInput input, int? id, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var reference = ImageReference.TryParse(input.Image, out var referenceError, nameof(ImageInput.Image));
        if (referenceError is not null)
        {
            errors.Add(referenceError);
        }

        if ((input.Remark?.Trim().Length ?? 0) > MaxRemarkLength)
        {
            errors.Add(new FieldError(nameof(ImageInput.Remark), "Validation.TooLong", $"At most {MaxRemarkLength} characters.", MaxRemarkLength));
        }

        var registryId = 0;
        if (reference is not null)
        {
            var all = await registries.ListAsync(cancellationToken);
            if (input.RegistryId is null)
            {
                // Inferred from the host; none saved means the registry takes anonymous pulls.
                registryId = all.Where(r => RegistryAddress.TryNormalize(r.Registry) == reference.Registry).Select(r => r.Id).FirstOrDefault();
            }
            else if (input.RegistryId != 0)
            {
                var chosen = all.FirstOrDefault(r => r.Id == input.RegistryId);
                if (chosen is null)
                {
                    errors.Add(new FieldError(nameof(ImageInput.RegistryId), "Image.Registry.Unknown", "Choose a saved registry.", input.RegistryId));
                }
                else if (RegistryAddress.TryNormalize(chosen.Registry) != reference.Registry)
                {
                    errors.Add(new FieldError(nameof(ImageInput.RegistryId), "Image.Registry.Mismatch",
                        $"The image is on {reference.Registry}, not on {chosen.Registry}; its credentials would go to the wrong host.",
                        reference.Registry, chosen.Registry));
                }
                else
                {
                    registryId = chosen.Id;
                }
            }

            var taken = (await images.ListAsync(cancellationToken))
                .Any(i => i.Id != id && (ImageReference.TryParse(i.Image, out _)?.FullName ?? i.Image) == reference.FullName);
            if (taken)
            {
                errors.Add(new FieldError(nameof(ImageInput.Image), "Image.Reference.Taken", "This image is already saved.", reference.FullName));
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return (reference!, registryId);
    }

    private async Task<ImageSummary> SummarizeAsync(BaseImageRow row, CancellationToken cancellationToken)
    {
        var hosts = (await registries.ListAsync(cancellationToken)).ToDictionary(r => r.Id, r => r.Registry);
        return Summarize(row, hosts, new Dictionary<int, int> { [row.Id] = await images.CountServicesUsingAsync(row.Id, cancellationToken) });
    }

    private static ImageSummary Summarize(BaseImageRow row, IReadOnlyDictionary<int, string> hosts, IReadOnlyDictionary<int, int> services) =>
        new(row.Id, row.Image, row.RegistryId, hosts.GetValueOrDefault(row.RegistryId), row.Remark, row.Result, row.Sha,
            row.CreateTime, row.UpdateTime, services.GetValueOrDefault(row.Id));

    private static object AuditView(BaseImageRow row) => new { row.Id, row.Image, row.RegistryId, row.Remark };
}
