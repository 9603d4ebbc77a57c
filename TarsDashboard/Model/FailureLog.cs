namespace TarsDashboard.Model;

/// <summary>Logs a caught exception with its stack: outages and refusals as warnings, bugs as errors with their correlation id.</summary>
public static class FailureLog
{
    public static void LogFailure(this ILogger logger, Exception exception, string message, params object?[] args)
    {
        var failure = ErrorPolicy.Classify(exception);
        if (failure.Kind == FailureKind.Bug)
        {
#pragma warning disable CA2254 // the template is the caller's constant with the correlation id appended
            logger.LogError(exception, message + " (correlation id {CorrelationId})", [.. args, failure.CorrelationId]);
        }
        else
        {
            logger.LogWarning(exception, message, args);
#pragma warning restore CA2254
        }
    }
}
