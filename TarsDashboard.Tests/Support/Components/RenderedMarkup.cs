using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace TarsDashboard.Tests.Components;

/// <summary>Finding things in rendered markup the way a user names them.</summary>
public static class RenderedMarkup
{
    /// <summary>The one button whose visible text is <paramref name="text"/>.</summary>
    public static IElement Button<T>(this IRenderedComponent<T> rendered, string text) where T : IComponent =>
        rendered.FindAll("button").Single(b => b.TextContent.Trim() == text);

    /// <summary>Fails for any button that a screen reader could only call "button".</summary>
    public static void AssertEveryButtonIsNamed<T>(this IRenderedComponent<T> rendered) where T : IComponent =>
        Xunit.Assert.All(rendered.FindAll("button"), b => Xunit.Assert.False(
            string.IsNullOrWhiteSpace(b.GetAttribute("aria-label")) && string.IsNullOrWhiteSpace(b.TextContent),
            $"button without an accessible name: {b.OuterHtml}"));

    /// <summary>The error text MudBlazor shows under the field carrying <paramref name="fieldClass"/>, or null.</summary>
    public static string? FieldError<T>(this IRenderedComponent<T> rendered, string fieldClass) where T : IComponent =>
        rendered.FindAll($".{fieldClass} .mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).FirstOrDefault(t => t.Length > 0);
}
