using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using TarsDashboard.Core.Alerts;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using Xunit;

namespace TarsDashboard.Tests.Live;

/// <summary>The messages instances exchange through Redis: every Core event makes the trip, nothing else gets in.</summary>
public sealed class LiveEventCodecTests
{
    public static TheoryData<string> EventTypes()
    {
        var data = new TheoryData<string>();
        foreach (var name in LiveEventCodec.KnownTypes.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void The_allow_list_holds_every_concrete_live_event_of_Core_and_nothing_else()
    {
        var expected = typeof(LiveEvent).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(LiveEvent))).ToHashSet();

        Assert.Equal(expected, LiveEventCodec.KnownTypes.Values.ToHashSet());
        Assert.True(expected.Count >= 17, $"only {expected.Count} event types found");
        Assert.All(LiveEventCodec.KnownTypes.Values, t => Assert.Equal(typeof(LiveEvent).Assembly, t.Assembly));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Every_event_type_round_trips_with_all_its_values(string discriminator)
    {
        var type = LiveEventCodec.KnownTypes[discriminator];
        var original = (LiveEvent)Sample(type, type.Name);
        var codec = new LiveEventCodec();

        var payload = codec.TryEncode(original, "instance-a", out var refused, out var reason);

        Assert.True(payload is not null, $"{type.Name} does not round-trip: {reason}");
        Assert.False(refused);
        var (origin, decoded) = LiveEventCodec.Decode(payload);
        Assert.Equal("instance-a", origin);
        Assert.IsType(type, decoded);
        Assert.Equal(original.Topic, decoded.Topic);
        Assert.Equal(original.At, decoded.At);
        Assert.Equal(original.Audience, decoded.Audience);
        // Every stored value came back, compared property by property (lists by their items).
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            AssertSame(property.GetValue(original), property.GetValue(decoded), $"{type.Name}.{property.Name}");
        }
    }

    [Fact]
    public void The_message_carries_neither_the_topic_nor_computed_properties()
    {
        var payload = LiveEventCodec.Encode(new TaskProgress("T1", "I1", 3, "App", "Server", "node1", "restart", Core.Data.Tars.TaskItemStatus.Success, "done"), "me");

        using var json = JsonDocument.Parse(payload);
        var body = json.RootElement.GetProperty("event");
        Assert.Equal("Services.TaskProgress", json.RootElement.GetProperty("type").GetString());
        Assert.False(body.TryGetProperty("topic", out _));
        Assert.False(body.TryGetProperty("audience", out _));
        Assert.False(body.TryGetProperty("isFinished", out _));
        Assert.Equal("Success", body.GetProperty("status").GetString());
    }

    [Fact]
    public void An_event_type_from_outside_Core_stays_local_and_is_refused_once()
    {
        var codec = new LiveEventCodec();

        Assert.Null(codec.TryEncode(new OutsideEvent("x"), "me", out var first, out var reason));
        Assert.True(first);
        Assert.Contains("not a live event type", reason);
        Assert.Null(codec.TryEncode(new OutsideEvent("y"), "me", out var second, out _));
        Assert.False(second);
        // Core events still go.
        Assert.NotNull(codec.TryEncode(new ImagesChanged(1, "added"), "me", out _, out _));
    }

    [Theory]
    [InlineData("System.Object")]
    [InlineData("System.IO.FileInfo, System.IO.FileSystem")]
    [InlineData("TarsDashboard.Core.Live.LiveEvent")]
    [InlineData("Live.LiveEvent")]
    [InlineData("Security.Caller")]
    public void A_message_naming_any_other_type_is_rejected(string typeName)
    {
        var message = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { origin = "x", type = typeName, @event = new { fullName = "/etc/passwd" } }));

        Assert.Throws<JsonException>(() => LiveEventCodec.Decode(message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"origin\":\"x\",\"type\":\"Images.ImagesChanged\"}")]
    [InlineData("{\"origin\":\"x\",\"type\":\"Images.ImagesChanged\",\"event\":{\"imageId\":\"seven\"}}")]
    public void A_malformed_message_is_rejected(string message)
    {
        Assert.ThrowsAny<JsonException>(() => LiveEventCodec.Decode(Encoding.UTF8.GetBytes(message)));
    }

    private sealed record OutsideEvent(string Value) : LiveEvent("test.outside");

    private static void AssertSame(object? expected, object? actual, string what)
    {
        if (expected is IEnumerable expectedItems and not string && actual is IEnumerable actualItems and not string)
        {
            Assert.True(expectedItems.Cast<object?>().SequenceEqual(actualItems.Cast<object?>()), $"{what} differs");
            return;
        }

        Assert.True(Equals(expected, actual), $"{what}: expected {expected}, got {actual}");
    }

    // A value of every type the events use, none of them the default, so a property that is not carried shows.
    private static object Sample(Type type, string name)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return Sample(underlying, name);
        }

        if (type == typeof(string))
        {
            return $"sample-{name}";
        }

        if (type == typeof(int))
        {
            return 7 + name.Length;
        }

        if (type == typeof(long))
        {
            return 1L << 40;
        }

        if (type == typeof(double))
        {
            return 12.375;
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(2026, 3, 14, 15, 9, 26, 535, TimeSpan.FromHours(8));
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).Cast<object>().Last();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var item = type.GetGenericArguments()[0];
            var list = Array.CreateInstance(item, 2);
            list.SetValue(Sample(item, name + "1"), 0);
            list.SetValue(Sample(item, name + "2"), 1);
            return list;
        }

        // A record: its widest constructor with a sample for every parameter, then every init-only property too.
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                          ?? throw new InvalidOperationException($"No sample for {type}: add one to this test.");
        var parameters = constructor.GetParameters();
        if (parameters.Length == 1 && parameters[0].ParameterType == type)
        {
            throw new InvalidOperationException($"No sample for {type}: add one to this test.");
        }

        var value = constructor.Invoke(parameters.Select(p => Sample(p.ParameterType, p.Name!)).ToArray());
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.SetMethod is { IsPublic: true } && parameters.All(c => c.Name != p.Name) && p.Name != nameof(LiveEvent.Topic)))
        {
            property.SetValue(value, property.Name == nameof(LiveEvent.At)
                ? new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero)
                : Sample(property.PropertyType, property.Name));
        }

        return value;
    }
}
