using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Model;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>How a form shows what Core said about a call: messages by its fields, the rest in one alert.</summary>
public sealed class FormRunnerTests
{
    private static readonly string[] Fields = ["Name", "Port"];

    [Fact]
    public async Task Refusals_about_shown_fields_go_by_the_field_and_the_rest_into_the_alert()
    {
        var form = new FormRunner(new KeyLocalizer(), Fields);

        var accepted = await form.RunAsync(() => throw new ValidationFailedException(
            [new FieldError("Name", "X.Name", "Name taken."), new FieldError("Other", "X.Other", "Not allowed.")]), Unexpected);

        Assert.False(accepted);
        Assert.Equal("Name taken.", form.ErrorFor("Name"));
        Assert.False(form.HasError("Port"));
        Assert.Equal("Not allowed.", form.Alert);
        Assert.False(form.Busy);
    }

    [Fact]
    public async Task A_call_about_something_else_puts_every_refusal_in_the_alert_and_keeps_the_field_messages()
    {
        var form = new FormRunner(new KeyLocalizer(), Fields);
        await form.RunAsync(() => throw new ValidationFailedException(new FieldError("Name", "X.Name", "Name taken.")), Unexpected);

        await form.RunAsync(() => throw new ValidationFailedException(new FieldError("Name", "X.Last", "Last one.")), Unexpected,
            placeByField: false, keepFieldErrors: true);

        Assert.Equal("Name taken.", form.ErrorFor("Name"));
        Assert.Equal("Last one.", form.Alert);
    }

    [Fact]
    public async Task A_conflict_shows_its_text_and_offers_a_reload_only_where_one_is_expected()
    {
        var form = new FormRunner(new KeyLocalizer(), Fields);
        Exception? logged = null;

        await form.RunAsync(() => throw new ConcurrencyConflictException("node"), Unexpected, conflictText: "changed meanwhile");
        Assert.Equal(("changed meanwhile", true), (form.Alert, form.Conflict));

        await form.RunAsync(() => throw new ConcurrencyConflictException("node"), e => logged = e);
        Assert.Equal(("Failure.Conflict", false), (form.Alert, form.Conflict));
        Assert.IsType<ConcurrencyConflictException>(logged);
    }

    [Fact]
    public async Task Access_denied_and_other_failures_have_their_own_texts_and_only_failures_are_logged()
    {
        var form = new FormRunner(new KeyLocalizer(), Fields);
        var logged = new List<Exception>();

        await form.RunAsync(() => throw new AccessDeniedException(new Caller("ann"), Permission.ManageNodes, AccessTarget.Global), logged.Add);
        Assert.Equal("Access.Denied", form.Alert);

        await form.RunAsync(() => throw new AccessDeniedException(new Caller("ann"), Permission.ManageNodes, AccessTarget.Global), logged.Add,
            deniedText: "no grants");
        Assert.Equal("no grants", form.Alert);

        await form.RunAsync(() => throw new InvalidOperationException("down"), logged.Add);
        Assert.Equal("Failure.Bug", form.Alert);
        Assert.Equal(["down"], logged.Select(e => e.Message));
    }

    [Fact]
    public async Task An_outage_an_unreachable_node_and_a_bug_each_say_what_they_are_and_are_logged()
    {
        var form = new FormRunner(new KeyLocalizer(), Fields);
        var logged = new List<Exception>();

        await form.RunAsync(() => throw new Microsoft.Data.Sqlite.SqliteException("database is locked", 5), logged.Add);
        Assert.Equal("Database.NotReachable", form.Alert);

        await form.RunAsync(() => throw new System.Net.Http.HttpRequestException("Connection refused"), logged.Add);
        Assert.Equal("Failure.NodeUnreachable", form.Alert);

        await form.RunAsync(() => throw new NullReferenceException(), logged.Add);
        Assert.Equal("Failure.Bug", form.Alert);

        Assert.Equal(3, logged.Count);
    }

    [Fact]
    public async Task A_call_is_busy_while_it_runs_and_an_accepted_one_clears_the_old_messages()
    {
        var renders = 0;
        var form = new FormRunner(new KeyLocalizer(), Fields, () => renders++);
        await form.RunAsync(() => throw new ValidationFailedException(new FieldError("Port", "X.Port", "In use.")), Unexpected);
        var busyDuringCall = false;

        var accepted = await form.RunAsync(() =>
        {
            busyDuringCall = form.Busy;
            return Task.CompletedTask;
        }, Unexpected);

        Assert.True(accepted);
        Assert.True(busyDuringCall);
        Assert.False(form.Busy);
        Assert.Null(form.Alert);
        Assert.False(form.HasError("Port"));
        Assert.Equal(2, renders);
    }

    private static void Unexpected(Exception exception) => Assert.Fail($"Logged: {exception.Message}");
}
