using System.Diagnostics.CodeAnalysis;

namespace TarsDashboard.Core.Templates;

/// <summary>The outcome of parsing a Tars config text: the document, or the syntax errors found (never both).</summary>
public sealed class TarsConfigParseResult
{
    private TarsConfigParseResult(TarsConfigDocument? document, IReadOnlyList<TarsConfigError> errors)
    {
        Document = document;
        Errors = errors;
    }

    public TarsConfigDocument? Document { get; }

    /// <summary>Every problem found, ordered by line.</summary>
    public IReadOnlyList<TarsConfigError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Document))]
    public bool Succeeded => Document is not null;

    public static TarsConfigParseResult Parsed(TarsConfigDocument document) => new(document, []);

    public static TarsConfigParseResult Failed(IReadOnlyList<TarsConfigError> errors) => new(null, errors);
}
