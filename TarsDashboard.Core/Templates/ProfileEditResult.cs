using System.Diagnostics.CodeAnalysis;

namespace TarsDashboard.Core.Templates;

/// <summary>The new text of an edited profile, or the syntax errors that kept the original text from being edited.</summary>
public sealed record ProfileEditResult(string? Profile, IReadOnlyList<TarsConfigError> Errors)
{
    [MemberNotNullWhen(true, nameof(Profile))]
    public bool Succeeded => Profile is not null;
}
