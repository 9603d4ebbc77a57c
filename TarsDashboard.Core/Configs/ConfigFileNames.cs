using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Configs;

/// <summary>
/// What a config file may be called. A service's <c>addConfig</c> writes the file as <c>basepath + filename</c>, and the
/// dashboard writes it into the service folder the same way, so a name must stay one file in that folder: no path
/// separators, no <c>..</c>, no control characters, and it must fit <c>t_config_files.filename</c> (varchar(128)).
/// </summary>
public static class ConfigFileNames
{
    public const int MaxLength = 128;

    /// <summary>The name trimmed as the web platform trims it, or the field error that refuses it.</summary>
    public static (string Name, FieldError? Error) Check(string? filename)
    {
        var name = (filename ?? "").Trim();
        FieldError? error = name switch
        {
            "" => new FieldError("Filename", "Config.Filename.Required", "Enter the file name."),
            _ when name.Length > MaxLength => new FieldError("Filename", "Config.Filename.TooLong",
                $"The file name is longer than {MaxLength} characters.", MaxLength),
            _ when name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) =>
                new FieldError("Filename", "Config.Filename.Separator", "The file name cannot contain / or \\: it names one file in the service's folder."),
            "." or ".." => new FieldError("Filename", "Config.Filename.Dots", "The file name cannot be . or .."),
            _ when name.Contains("..", StringComparison.Ordinal) => new FieldError("Filename", "Config.Filename.Dots", "The file name cannot contain .."),
            _ when name.Any(char.IsControl) => new FieldError("Filename", "Config.Filename.Control", "The file name cannot contain control characters."),
            _ => null,
        };
        return (name, error);
    }
}
