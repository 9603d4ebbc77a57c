using System.Net.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Tars.Rpc;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>How the web project tells an outage, an unreachable node, a refusal and a bug apart, and logs each.</summary>
public sealed class ErrorPolicyTests
{
    private readonly KeyLocalizer _localizer = new();

    [Fact]
    public void A_database_error_is_an_outage_even_when_core_wrapped_it()
    {
        var direct = new SqliteException("database is locked", 5);
        var wrapped = new InvalidOperationException("loading nodes failed", direct);

        Assert.Equal(FailureKind.DatabaseUnavailable, ErrorPolicy.Classify(direct).Kind);
        Assert.Equal(FailureKind.DatabaseUnavailable, ErrorPolicy.Classify(wrapped).Kind);
        Assert.Equal("Database.NotReachable", _localizer.Describe(wrapped));
    }

    [Fact]
    public void A_node_or_framework_that_does_not_answer_is_unreachable_not_a_database_outage()
    {
        Exception[] unreachable =
        [
            new TarsTimeoutException("tars.tarsregistry.QueryObj", "findObjectById", TimeSpan.FromSeconds(3), "tcp -h 10.0.0.1 -p 17890"),
            new HttpRequestException("Connection refused"),
            new FrameworkUnreachableException("tarsregistry at 10.0.0.1:17890 refused the connection"),
            new FrameworkNotConfiguredException("no Framework:Locator and no QueryObj row in t_adapter_conf"),
        ];

        Assert.All(unreachable, e => Assert.Equal(FailureKind.NodeUnreachable, ErrorPolicy.Classify(e).Kind));
        Assert.Equal("Failure.NodeUnreachable", _localizer.Describe(unreachable[0]));
        Assert.Equal("Framework.Unreachable", _localizer.Describe(unreachable[2]));
        // Not configured is not a bug of ours: it reads as the framework out of reach, with the reason.
        Assert.Equal("Framework.Unreachable", _localizer.Describe(unreachable[3]));
    }

    [Fact]
    public void Refusals_keep_their_own_kinds()
    {
        Assert.Equal(FailureKind.AccessDenied,
            ErrorPolicy.Classify(new AccessDeniedException(new Caller("ann"), Permission.ManageNodes, AccessTarget.Global)).Kind);
        Assert.Equal(FailureKind.Validation, ErrorPolicy.Classify(new ValidationFailedException(new FieldError("Name", "X.Name", "taken"))).Kind);
        Assert.Equal(FailureKind.Conflict, ErrorPolicy.Classify(new ConcurrencyConflictException("node")).Kind);
    }

    [Fact]
    public void Anything_else_is_a_bug_with_one_correlation_id_for_the_alert_and_the_log()
    {
        var bug = new NullReferenceException("row was null");

        var first = ErrorPolicy.Classify(bug);
        var again = ErrorPolicy.Classify(bug);

        Assert.Equal(FailureKind.Bug, first.Kind);
        Assert.Matches("^[0-9a-f]{8}$", first.CorrelationId);
        Assert.Equal(first.CorrelationId, again.CorrelationId);
        Assert.NotEqual(first.CorrelationId, ErrorPolicy.Classify(new NullReferenceException()).CorrelationId);
        Assert.Equal("Failure.Bug", _localizer.Describe(bug));
    }

    [Fact]
    public void A_bug_is_logged_as_an_error_with_its_stack_and_correlation_id_and_an_outage_as_a_warning()
    {
        var logger = new RecordingLogger();
        var bug = Thrown(new InvalidOperationException("index out of range"));
        var outage = new SqliteException("unable to open database file", 14);

        logger.LogFailure(bug, "Deleting image {Image} failed", "nginx:1");
        logger.LogFailure(outage, "Image list could not be loaded");

        var (bugLevel, bugText, bugException) = logger.Entries[0];
        Assert.Equal(LogLevel.Error, bugLevel);
        Assert.Same(bug, bugException);
        Assert.NotNull(bugException!.StackTrace);
        Assert.Equal($"Deleting image nginx:1 failed (correlation id {ErrorPolicy.Classify(bug).CorrelationId})", bugText);
        Assert.Equal((LogLevel.Warning, "Image list could not be loaded", (Exception?)outage), logger.Entries[1]);
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Text, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
