using System.Data.Common;
using Microsoft.Extensions.Localization;
using System.Net.Http;
using System.Net.Sockets;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Tars.Rpc;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Model;

/// <summary>
/// The one place that tells a database outage, an unreachable node or framework, a refusal and a bug apart, so every
/// page says the same thing for the same trouble and a bug is never shown as "database not reachable".
/// </summary>
public static class ErrorPolicy
{
    // Kept on the exception so the alert and the log line of one failure show the same id.
    private const string CorrelationKey = "TarsDashboard.CorrelationId";

    /// <summary>The alert text for <paramref name="exception"/>: what went wrong, in the caller's language.</summary>
    public static string Describe(this IStringLocalizer localizer, Exception exception) => Classify(exception).Describe(localizer);

    public static Failure Classify(Exception exception)
    {
        var kind = KindOf(exception);
        return kind == FailureKind.Bug ? new Failure(kind, exception, CorrelationIdOf(exception)) : new Failure(kind, exception);
    }

    private static FailureKind KindOf(Exception exception)
    {
        for (var current = exception; current is not null; current = Unwrap(current))
        {
            var kind = current switch
            {
                ValidationFailedException => FailureKind.Validation,
                AccessDeniedException => FailureKind.AccessDenied,
                ConcurrencyConflictException => FailureKind.Conflict,
                DbException => FailureKind.DatabaseUnavailable,
                // No locator configured or found: the framework cannot be reached, which is not a bug of ours.
                FrameworkUnreachableException or FrameworkNotConfiguredException or TarsUnreachableException or TarsTimeoutException or TarsConnectionLostException
                    or HttpRequestException or SocketException => FailureKind.NodeUnreachable,
                _ => (FailureKind?)null,
            };
            if (kind is { } known)
            {
                return known;
            }
        }

        return FailureKind.Bug;
    }

    // Core and the drivers wrap their causes; the first known cause decides (a SocketException under a DbException stays a database outage).
    private static Exception? Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception.InnerException;

    private static string CorrelationIdOf(Exception exception)
    {
        if (exception.Data[CorrelationKey] is string known)
        {
            return known;
        }

        var id = Guid.NewGuid().ToString("N")[..8];
        exception.Data[CorrelationKey] = id;
        return id;
    }
}
