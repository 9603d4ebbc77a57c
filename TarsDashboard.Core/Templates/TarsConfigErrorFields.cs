using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Templates;

/// <summary>Turns profile syntax errors into <see cref="FieldError"/>s that carry their line number.</summary>
/// <remarks>
/// The code stays the parser's (<c>Profile.MalformedTag</c>, ...); the line number comes first in the arguments, then the
/// parser's own, so a localized text reads "Line {0}: ..." with the parser's arguments from {1} on.
/// </remarks>
public static class TarsConfigErrorFields
{
    public static FieldError ToFieldError(this TarsConfigError error, string field)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new FieldError(field, error.Code, $"Line {error.Line}: {error.Message}", [error.Line, .. error.Arguments]);
    }

    public static IReadOnlyList<FieldError> ToFieldErrors(this IEnumerable<TarsConfigError> errors, string field) =>
        [.. errors.Select(e => e.ToFieldError(field))];
}
