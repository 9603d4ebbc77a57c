using System.Diagnostics.CodeAnalysis;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Templates;

/// <summary>A resolved template chain, root (tars.default) first, or the reason it cannot be resolved.</summary>
public sealed class TemplateChainResult
{
    private TemplateChainResult(IReadOnlyList<TemplateChainLink> chain, FieldError? error)
    {
        Chain = chain;
        Error = error;
    }

    /// <summary>Root first, the requested template last; empty when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<TemplateChainLink> Chain { get; }

    public FieldError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public static TemplateChainResult Resolved(IReadOnlyList<TemplateChainLink> chain) => new(chain, null);

    public static TemplateChainResult Failed(FieldError error) => new([], error);
}
