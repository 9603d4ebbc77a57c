using System.Text;
using System.Text.RegularExpressions;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Templates;

/// <summary>
/// Config templates (<c>t_profile_template</c>): everyone signed in may read them; admins on <c>*</c> add, edit, rename and
/// delete them through <see cref="Operations"/>. A template must parse, inherit from an existing parent without a loop,
/// and cannot be deleted or renamed while a service or another template uses it.
/// </summary>
public sealed partial class TemplateService
{
    private readonly ProfileTemplateRepository templates;
    private readonly TarsDatabase database;
    private readonly AccessControl access;
    private readonly Operations operations;
    private readonly LiveEventBus bus;
    private readonly TimeProvider clock;

    internal TemplateService(
        ProfileTemplateRepository templates,
        TarsDatabase database,
        AccessControl access,
        Operations operations,
        LiveEventBus bus,
        TimeProvider clock)
    {
        this.clock = clock;
        this.templates = templates;
        this.database = database;
        this.access = access;
        this.operations = operations;
        this.bus = bus;
    }

    public const int MaxNameLength = 128;

    /// <summary>What the Tars column (MySQL <c>text</c>) holds, in UTF-8 bytes.</summary>
    public const int MaxProfileBytes = 65_535;

    public async Task<IReadOnlyList<TemplateSummary>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        var rows = await templates.ListAsync(cancellationToken);
        var services = await templates.CountServicesPerTemplateAsync(cancellationToken);
        var children = rows
            .Where(r => !TemplateLookup.IsRootParent(r.TemplateName, r.ParentsName))
            .GroupBy(r => r.ParentsName.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        return rows
            .Select(r => new TemplateSummary(r.TemplateName, r.ParentsName ?? "", r.Posttime, r.Lastuser,
                children.GetValueOrDefault(r.TemplateName), services.GetValueOrDefault(r.TemplateName)))
            .ToList();
    }

    /// <summary>One template with its profile, or null when there is no such template.</summary>
    public async Task<TemplateDetail?> GetAsync(Caller caller, string name, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        var row = await templates.GetAsync(name ?? "", cancellationToken);
        return row is null ? null : await DetailAsync(row, cancellationToken);
    }

    public Task<TemplateDetail> AddAsync(Caller caller, TemplateInput input, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageTemplates, AccessTarget.Global, "template.add", input.Name?.Trim() ?? "", async audit =>
        {
            var rows = await templates.ListAsync(cancellationToken);
            var valid = Validate(input, rows, existing: null);
            var row = new ProfileTemplateRow
            {
                TemplateName = valid.Name,
                ParentsName = valid.ParentName,
                Profile = valid.Profile,
                Posttime = NextPosttime(null),
                Lastuser = LastUser(caller),
            };
            try
            {
                await templates.InsertAsync(row, cancellationToken);
            }
            catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
            {
                // Another admin added the same name between our check and our insert.
                throw new ValidationFailedException(NameTaken(row.TemplateName));
            }

            audit.After = Describe(row);
            bus.Publish(new TemplatesChanged(row.TemplateName, row.TemplateName, "added"));
            return new TemplateDetail(row.TemplateName, row.ParentsName, row.Profile, row.Posttime, row.Lastuser, 0, 0);
        }, cancellationToken);

    /// <summary>
    /// Saves an edit of <paramref name="originalName"/> made on the version saved at <paramref name="expectedPosttime"/>
    /// (<see cref="TemplateDetail.Posttime"/>); a different <see cref="TemplateInput.Name"/> renames the template.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">Someone saved or deleted the template since it was read.</exception>
    public Task<TemplateDetail> UpdateAsync(Caller caller, string originalName, TemplateInput input, DateTime? expectedPosttime,
        CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageTemplates, AccessTarget.Global, "template.update", originalName ?? "", async audit =>
        {
            var existing = await templates.GetAsync(originalName ?? "", cancellationToken)
                ?? throw new ConcurrencyConflictException($"Template {originalName}");
            audit.Before = Describe(existing);
            if (existing.Posttime != expectedPosttime)
            {
                throw new ConcurrencyConflictException($"Template {existing.TemplateName}");
            }

            // A rename that cannot happen at all is the first thing to say, before any detail of the new values.
            var renamed = !string.Equals(input.Name?.Trim() ?? "", existing.TemplateName, StringComparison.Ordinal);
            if (renamed)
            {
                await RefuseWhileUsedAsync(existing, "rename", cancellationToken);
            }

            var rows = await templates.ListAsync(cancellationToken);
            var valid = Validate(input, rows, existing);

            var row = new ProfileTemplateRow
            {
                Id = existing.Id,
                TemplateName = valid.Name,
                ParentsName = valid.ParentName,
                Profile = valid.Profile,
                Posttime = NextPosttime(existing.Posttime),
                Lastuser = LastUser(caller),
            };
            bool saved;
            try
            {
                saved = await templates.UpdateAsync(row, expectedPosttime, renamed ? existing.TemplateName : null, cancellationToken);
            }
            catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
            {
                throw new ValidationFailedException(NameTaken(row.TemplateName));
            }

            if (!saved)
            {
                // Either someone saved meanwhile, or a service started using the old name between our check and the update.
                if (renamed && await templates.GetAsync(existing.TemplateName, cancellationToken) is { } current && current.Posttime == expectedPosttime)
                {
                    await RefuseWhileUsedAsync(current, "rename", cancellationToken);
                }

                throw new ConcurrencyConflictException($"Template {existing.TemplateName}");
            }

            audit.After = Describe(row);
            bus.Publish(new TemplatesChanged(row.TemplateName, existing.TemplateName, renamed ? "renamed" : "updated"));
            return await DetailAsync(row, cancellationToken);
        }, cancellationToken);

    /// <summary>Deletes a template; refused for <c>tars.default</c> and while a service or another template uses it.</summary>
    public Task DeleteAsync(Caller caller, string name, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageTemplates, AccessTarget.Global, "template.delete", name ?? "", async audit =>
        {
            var existing = await templates.GetAsync(name ?? "", cancellationToken);
            if (existing is null)
            {
                return; // someone else deleted it meanwhile
            }

            audit.Before = Describe(existing);
            await RefuseWhileUsedAsync(existing, "delete", cancellationToken);
            if (!await templates.DeleteIfUnusedAsync(existing.Id, existing.TemplateName, cancellationToken))
            {
                await RefuseWhileUsedAsync(existing, "delete", cancellationToken);
                return; // gone meanwhile
            }

            bus.Publish(new TemplatesChanged(existing.TemplateName, existing.TemplateName, "deleted"));
        }, cancellationToken);

    /// <summary>
    /// The posttime to write: now, to the second (MySQL datetime keeps no fraction), and always later than the previous one,
    /// so that two saves within one second still tell an edit based on the older one.
    /// </summary>
    public DateTime NextPosttime(DateTime? previous)
    {
        var now = WholeSeconds(clock.GetUtcNow().UtcDateTime);
        if (previous is not { } p || now > p)
        {
            return now;
        }

        return DateTime.SpecifyKind(WholeSeconds(p), DateTimeKind.Utc).AddSeconds(1);
    }

    private static DateTime WholeSeconds(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, time.Kind);

    private async Task RefuseWhileUsedAsync(ProfileTemplateRow template, string change, CancellationToken cancellationToken)
    {
        if (string.Equals(template.TemplateName, DefaultTemplate.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationFailedException(new FieldError(nameof(TemplateInput.Name), "Template.Default.Protected",
                $"{DefaultTemplate.Name} is the root every template inherits from; it cannot be deleted or renamed.", DefaultTemplate.Name));
        }

        var services = await templates.CountServicesUsingAsync(template.TemplateName, cancellationToken);
        var children = await templates.CountChildrenAsync(template.TemplateName, cancellationToken);
        if (services > 0 || children > 0)
        {
            throw new ValidationFailedException(new FieldError(nameof(TemplateInput.Name), "Template.InUse",
                $"{services} service instance(s) and {children} template(s) use this template, so it cannot be {(change == "delete" ? "deleted" : "renamed")}; " +
                "move them to another template first.", services, children));
        }
    }

    private async Task<TemplateDetail> DetailAsync(ProfileTemplateRow row, CancellationToken cancellationToken) =>
        new(row.TemplateName, row.ParentsName ?? "", row.Profile ?? "", row.Posttime, row.Lastuser,
            await templates.CountChildrenAsync(row.TemplateName, cancellationToken),
            await templates.CountServicesUsingAsync(row.TemplateName, cancellationToken));

    /// <summary>Checks the input against the stored templates; throws with every problem found, or returns the values to store.</summary>
    private static (string Name, string ParentName, string Profile) Validate(TemplateInput input, IReadOnlyList<ProfileTemplateRow> rows,
        ProfileTemplateRow? existing)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        var parent = input.ParentName?.Trim() ?? "";
        var profile = input.Profile ?? "";
        var others = rows.Where(r => existing is null || r.Id != existing.Id).ToList();

        // A name Tars web stored outside our pattern can be kept; a new or changed name must follow it.
        var nameKept = existing is not null && name == existing.TemplateName;
        if (name.Length == 0)
        {
            errors.Add(new FieldError(nameof(TemplateInput.Name), "Validation.Required", "Enter a name."));
        }
        else if (!nameKept && !NamePattern().IsMatch(name))
        {
            errors.Add(new FieldError(nameof(TemplateInput.Name), "Template.Name.Invalid",
                $"Use 1-{MaxNameLength} letters, digits, '.', '-' or '_', starting with a letter or digit (e.g. tars.cpp.default).", MaxNameLength));
        }
        else if (others.Any(r => string.Equals(r.TemplateName, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(NameTaken(name));
        }

        var isDefault = string.Equals(name, DefaultTemplate.Name, StringComparison.OrdinalIgnoreCase);
        if (isDefault && TemplateLookup.IsRootParent(name, parent))
        {
            // The root: no parent, or itself as tarsregistry writes it.
        }
        else if (parent.Length == 0)
        {
            errors.Add(new FieldError(nameof(TemplateInput.ParentName), "Template.Parent.Required",
                $"Choose the template it inherits from (usually {DefaultTemplate.Name}).", DefaultTemplate.Name));
        }
        else if (string.Equals(parent, name, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError(nameof(TemplateInput.ParentName), "Template.Parent.Self", "A template cannot inherit from itself."));
        }
        else if (!others.Any(r => string.Equals(r.TemplateName, parent, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new FieldError(nameof(TemplateInput.ParentName), "Template.Parent.NotFound",
                $"Template '{parent}' does not exist.", parent));
        }

        errors.AddRange(ProfileErrors(profile));

        if (name.Length > 0 && !errors.Any(e => e.Field == nameof(TemplateInput.ParentName)))
        {
            var lookup = TemplateLookup.Build(rows, existing?.TemplateName, new TemplateChainLink(name, profile, parent));
            var chain = TemplateChainResolver.Resolve(name, lookup);
            if (!chain.Succeeded)
            {
                errors.Add(chain.Error with { Field = nameof(TemplateInput.ParentName) });
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return (name, parent, profile);
    }

    private static IEnumerable<FieldError> ProfileErrors(string profile)
    {
        if (Encoding.UTF8.GetByteCount(profile) > MaxProfileBytes)
        {
            return [new FieldError(nameof(TemplateInput.Profile), "Template.Profile.TooLong",
                $"At most {MaxProfileBytes} bytes: the profile must fit the Tars column t_profile_template.profile.", MaxProfileBytes)];
        }

        var lines = profile.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            // tarsnode reads the config as C strings, so a NUL or other control character would cut or corrupt it.
            if (lines[i].Any(c => char.IsControl(c) && c != '\t'))
            {
                return [new FieldError(nameof(TemplateInput.Profile), "Template.Profile.ControlCharacter",
                    $"Line {i + 1}: remove the control character; only tabs and line breaks are allowed.", i + 1)];
            }
        }

        var parsed = TarsConfigParser.Parse(profile);
        return parsed.Succeeded ? [] : parsed.Errors.ToFieldErrors(nameof(TemplateInput.Profile));
    }

    private static FieldError NameTaken(string name) =>
        new(nameof(TemplateInput.Name), "Template.Name.Taken", $"A template named '{name}' already exists.", name);

    private static string LastUser(Caller caller) => caller.UserName.Length <= 30 ? caller.UserName : caller.UserName[..30];

    private static object Describe(ProfileTemplateRow row) => new { row.TemplateName, row.ParentsName, row.Posttime, row.Lastuser, row.Profile };

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex NamePattern();
}
