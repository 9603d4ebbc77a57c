using Microsoft.Extensions.Localization;
using TarsDashboard.Core.Framework;

namespace TarsDashboard.Model;

/// <summary>
/// One exception as the page explains it: its <see cref="Kind"/>, and for a bug the <see cref="CorrelationId"/> that
/// the log line carries too.
/// </summary>
public sealed record Failure(FailureKind Kind, Exception Exception, string? CorrelationId = null)
{
    /// <summary>The text for an alert; validation refusals are placed by <see cref="FieldErrors"/> instead.</summary>
    public string Describe(IStringLocalizer localizer) => Kind switch
    {
        FailureKind.DatabaseUnavailable => localizer["Database.NotReachable"],
        FailureKind.NodeUnreachable when Exception is FrameworkUnreachableException framework =>
            localizer["Framework.Unreachable", framework.Reason],
        FailureKind.NodeUnreachable when Exception is FrameworkNotConfiguredException notConfigured =>
            localizer["Framework.Unreachable", notConfigured.Message],
        FailureKind.NodeUnreachable => localizer["Failure.NodeUnreachable"],
        FailureKind.AccessDenied => localizer["Access.Denied"],
        FailureKind.Conflict => localizer["Failure.Conflict"],
        FailureKind.Validation => Exception.Message,
        _ => localizer["Failure.Bug", CorrelationId ?? ""],
    };
}
