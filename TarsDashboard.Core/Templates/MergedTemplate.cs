using System.Diagnostics.CodeAnalysis;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Templates;

/// <summary>The effective config of a template chain (root first, then the optional private profile), or why it cannot be built.</summary>
public sealed class MergedTemplate
{
    private MergedTemplate(TarsConfigDocument? document, string? text, IReadOnlyList<string> chain, IReadOnlyList<FieldError> errors)
    {
        Document = document;
        Text = text;
        Chain = chain;
        Errors = errors;
    }

    /// <summary>The merged document; null when <see cref="Errors"/> is not empty.</summary>
    public TarsConfigDocument? Document { get; }

    /// <summary>The merged document written as Tars config text.</summary>
    public string? Text { get; }

    /// <summary>Template names root first (<c>tars.default</c> ... the template); as far as it could be resolved.</summary>
    public IReadOnlyList<string> Chain { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Document), nameof(Text))]
    public bool Succeeded => Document is not null;

    internal static MergedTemplate Merged(TarsConfigDocument document, IReadOnlyList<string> chain) =>
        new(document, TarsConfigWriter.Write(document), chain, []);

    internal static MergedTemplate Failed(IReadOnlyList<string> chain, IReadOnlyList<FieldError> errors) => new(null, null, chain, errors);
}
