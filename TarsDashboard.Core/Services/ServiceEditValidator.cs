using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Checks a <see cref="ServiceEditInput"/> against the service's row, the templates and the images, and makes the row
/// to save: the private profile gets the input's volumes and ports written into its <c>&lt;container&gt;</c> section.
/// </summary>
public static class ServiceEditValidator
{
    /// <summary>The sizes of the db_tars columns (varchar(128) paths, varchar(16) SET name and area, text profile).</summary>
    public const int MaxPathLength = 128;
    public const int MaxSetNameLength = 16;
    public const int MaxSetGroupLength = 64;
    public const int MaxProfileLength = 65535;
    public const int MaxAsyncThreads = 1024;

    /// <returns>Every problem found (empty when the input can be saved) and, when there is none, the row to save.</returns>
    public static IReadOnlyList<FieldError> Validate(ServerConfRow original, ServiceEditInput input,
        IReadOnlyList<ProfileTemplateRow> templates, IReadOnlyList<BaseImageRow> images, out ServerConfRow? edited)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(input);
        edited = null;
        var errors = new List<FieldError>();

        var template = ValidateTemplate(input.TemplateName, templates, errors);
        if (!ServerTypes.IsValid(input.ServerType))
        {
            errors.Add(new FieldError(nameof(input.ServerType), "Service.ServerType.Invalid",
                $"Choose one of {string.Join(", ", ServerTypes.All)}.", string.Join(", ", ServerTypes.All)));
        }

        if (input.AsyncThreadNum is < 1 or > MaxAsyncThreads)
        {
            errors.Add(new FieldError(nameof(input.AsyncThreadNum), "Service.AsyncThreads.Range", $"Enter 1 to {MaxAsyncThreads}.", MaxAsyncThreads));
        }

        AddIfAny(errors, PathError(nameof(input.BasePath), input.BasePath, absolute: true));
        AddIfAny(errors, PathError(nameof(input.ExePath), input.ExePath, absolute: true));
        AddIfAny(errors, PathError(nameof(input.StartScriptPath), input.StartScriptPath, absolute: false));
        AddIfAny(errors, PathError(nameof(input.StopScriptPath), input.StopScriptPath, absolute: false));
        AddIfAny(errors, PathError(nameof(input.MonitorScriptPath), input.MonitorScriptPath, absolute: false));
        ValidateSet(input, errors);

        var runType = input.RunType?.Trim() ?? "";
        if (runType is not (RunTypes.Native or RunTypes.Container))
        {
            errors.Add(new FieldError(nameof(input.RunType), "Service.RunType.Invalid", "Choose native or container.", runType));
        }

        var container = runType == RunTypes.Container;
        if (container && input.BaseImageId <= 0)
        {
            errors.Add(new FieldError(nameof(input.BaseImageId), "Service.Image.Required", "Choose the image the service runs on."));
        }
        else if (container && images.All(i => i.Id != input.BaseImageId))
        {
            errors.Add(new FieldError(nameof(input.BaseImageId), "Service.Image.Unknown", "This image no longer exists; choose another.", input.BaseImageId));
        }

        if (PresentStates.Active.Equals(original.PresentState, StringComparison.Ordinal)
            && RunTypes.Normalize(original.RunType) != RunTypes.Normalize(runType) && !input.RestartAcknowledged)
        {
            errors.Add(new FieldError(nameof(input.RestartAcknowledged), "Service.RunType.RestartRequired",
                "The service is running: confirm that you will stop it, save, and start it again for the new run mode to apply."));
        }

        var profile = BuildProfile(original, input, errors);

        if (errors.Count > 0)
        {
            return errors;
        }

        var row = Copy(original);
        row.TemplateName = template!.TemplateName;
        row.ServerType = input.ServerType;
        row.AsyncThreadNum = input.AsyncThreadNum;
        row.BakFlag = input.BakFlag ? 1 : 0;
        row.BasePath = Keep(original.BasePath, input.BasePath);
        row.ExePath = input.ExePath?.Trim() ?? "";
        row.StartScriptPath = Keep(original.StartScriptPath, input.StartScriptPath);
        row.StopScriptPath = Keep(original.StopScriptPath, input.StopScriptPath);
        row.MonitorScriptPath = Keep(original.MonitorScriptPath, input.MonitorScriptPath);
        row.EnableSet = input.EnableSet ? "Y" : "N";
        row.SetName = Keep(original.SetName, input.SetName);
        row.SetArea = Keep(original.SetArea, input.SetArea);
        row.SetGroup = Keep(original.SetGroup, input.SetGroup);
        row.RunType = runType;
        row.BaseImageId = input.BaseImageId == 0 && original.BaseImageId is null ? null : input.BaseImageId;
        row.Profile = profile;
        edited = row;
        return errors;
    }

    /// <summary>
    /// The private profile to store: the input's text with <see cref="ServiceEditInput.Volumes"/> and
    /// <see cref="ServiceEditInput.Ports"/> written into it. A text without container lines and no rows is kept exactly
    /// as typed; otherwise it is rewritten in the standard layout.
    /// </summary>
    public static string? BuildProfile(ServerConfRow original, ServiceEditInput input, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var text = input.PrivateProfile ?? "";
        var before = errors.Count;
        if (text.Length > MaxProfileLength)
        {
            errors.Add(new FieldError(nameof(input.PrivateProfile), "Validation.TooLong", $"At most {MaxProfileLength} characters.", MaxProfileLength));
            return null;
        }

        var parsed = TarsConfigParser.Parse(text);
        if (!parsed.Succeeded)
        {
            errors.AddRange(parsed.Errors.Select(ProfileError));
        }
        else
        {
            var own = ContainerSettingsReader.Read(parsed.Document);
            if (own.Settings.Volumes.Count > 0 || own.Settings.Ports.Count > 0 || own.Errors.Count > 0)
            {
                // Two places for the same lines would make one silently win; the rows are the place to edit them.
                errors.Add(new FieldError(nameof(input.PrivateProfile), "Service.Profile.ContainerLines",
                    "Edit volumes and ports in the Container section, not in the profile text: remove the <volumes> and <ports> lines here."));
            }
        }

        var settings = input.ContainerSettings;
        errors.AddRange(ContainerSettingsValidator.Validate(settings,
            ServiceFolders.ServerDir(original.Application, original.ServerName), ServiceFolders.LogDir));
        if (errors.Count > before || !parsed.Succeeded)
        {
            return null;
        }

        return settings.Volumes.Count == 0 && settings.Ports.Count == 0
            ? text
            : TarsConfigWriter.Write(ContainerSettingsWriter.Apply(parsed.Document, settings));
    }

    /// <summary>A profile syntax error as a field error on the profile, with its line.</summary>
    public static FieldError ProfileError(TarsConfigError error) =>
        new(nameof(ServiceEditInput.PrivateProfile), "Service.Profile.Syntax", $"Line {error.Line}: {error.Message}", error.Line, error.Message);

    private static ProfileTemplateRow? ValidateTemplate(string? name, IReadOnlyList<ProfileTemplateRow> templates, List<FieldError> errors)
    {
        var wanted = name?.Trim() ?? "";
        if (wanted.Length == 0)
        {
            errors.Add(new FieldError(nameof(ServiceEditInput.TemplateName), "Validation.Required", "Choose a template."));
            return null;
        }

        var byName = new Dictionary<string, ProfileTemplateRow>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in templates)
        {
            byName.TryAdd(row.TemplateName, row);
        }

        if (!byName.TryGetValue(wanted, out var template))
        {
            errors.Add(new FieldError(nameof(ServiceEditInput.TemplateName), "Template.NotFound", $"Template '{wanted}' does not exist.", wanted));
            return null;
        }

        var chain = TemplateChainResolver.Resolve(template.TemplateName,
            n => byName.TryGetValue(n, out var t) ? new TemplateChainLink(t.TemplateName, t.Profile, t.ParentsName) : null);
        if (!chain.Succeeded)
        {
            // The service would get no config from a broken chain; say which link is broken, on the template field.
            errors.Add(chain.Error with { Field = nameof(ServiceEditInput.TemplateName) });
            return null;
        }

        return template;
    }

    /// <summary>The SET rules of Tars: name and area letters and digits starting with a letter, group a number; all three when enabled.</summary>
    public static void ValidateSet(ServiceEditInput input, List<FieldError> errors)
    {
        var name = input.SetName?.Trim() ?? "";
        var area = input.SetArea?.Trim() ?? "";
        var group = input.SetGroup?.Trim() ?? "";
        if (input.EnableSet || name.Length > 0)
        {
            AddIfAny(errors, SetPartError(nameof(input.SetName), name));
        }

        if (input.EnableSet || area.Length > 0)
        {
            AddIfAny(errors, SetPartError(nameof(input.SetArea), area));
        }

        if (input.EnableSet && group.Length == 0)
        {
            errors.Add(new FieldError(nameof(input.SetGroup), "Validation.Required", "This field is required."));
        }
        else if (group.Length > 0 && (group.Length > MaxSetGroupLength || !group.All(char.IsAsciiDigit)))
        {
            errors.Add(new FieldError(nameof(input.SetGroup), "Service.Set.Group", "The SET group is a number, e.g. 1.", group));
        }
    }

    private static FieldError? SetPartError(string field, string value) =>
        value.Length == 0 ? new FieldError(field, "Validation.Required", "This field is required.")
        : value.Length > MaxSetNameLength || !TarsNames.IsValidName(value)
            ? new FieldError(field, "Service.Set.Name", $"Use 1-{MaxSetNameLength} letters and digits, starting with a letter.", MaxSetNameLength)
            : null;

    private static FieldError? PathError(string field, string? value, bool absolute)
    {
        var path = value?.Trim() ?? "";
        if (path.Length == 0)
        {
            return null;
        }

        if (path.Length > MaxPathLength)
        {
            return new FieldError(field, "Validation.TooLong", $"At most {MaxPathLength} characters.", MaxPathLength);
        }

        if (path.Any(char.IsControl) || path.Split('/').Contains(".."))
        {
            return new FieldError(field, "Service.Path.Invalid", "A path cannot contain control characters or '..'.");
        }

        return absolute && !path.StartsWith('/')
            ? new FieldError(field, "Validation.AbsolutePath", "Enter an absolute path without '..'.")
            : null;
    }

    // Leaves NULL columns NULL when the field stays empty, so an unchanged form writes back what it read.
    private static string? Keep(string? original, string? value)
    {
        var trimmed = value?.Trim() ?? "";
        return trimmed.Length == 0 && original is null ? null : trimmed;
    }

    internal static ServerConfRow Copy(ServerConfRow row)
    {
        var copy = new ServerConfRow();
        foreach (var property in typeof(ServerConfRow).GetProperties().Where(p => p is { CanRead: true, CanWrite: true }))
        {
            property.SetValue(copy, property.GetValue(row));
        }

        return copy;
    }

    private static void AddIfAny(List<FieldError> errors, FieldError? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }
    }
}
