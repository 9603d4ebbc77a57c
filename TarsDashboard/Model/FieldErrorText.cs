using Microsoft.Extensions.Localization;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Model;

/// <summary>Turns a Core <see cref="FieldError"/> into text in the user's language.</summary>
public static class FieldErrorText
{
    /// <summary>The resource named by the error's code, formatted with its arguments; Core's English message when there is none.</summary>
    public static string Localize(this IStringLocalizer localizer, FieldError error)
    {
        var text = localizer[error.Code, error.Arguments];
        return text.ResourceNotFound ? error.Message : text.Value;
    }
}
