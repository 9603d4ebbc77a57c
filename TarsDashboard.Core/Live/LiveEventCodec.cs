using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TarsDashboard.Core.Live;

/// <summary>
/// Turns live events into the messages instances exchange and back. A message names the event's runtime type by a
/// discriminator; on receipt only the concrete <see cref="LiveEvent"/> records of this assembly are accepted (an
/// allow-list built once by reflection), so a message can never make us instantiate some other type.
/// </summary>
public sealed class LiveEventCodec
{
    /// <summary>Every event type another instance may send: concrete <see cref="LiveEvent"/>s declared in Core.</summary>
    public static FrozenDictionary<string, Type> KnownTypes { get; } = typeof(LiveEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && t.IsSubclassOf(typeof(LiveEvent)))
        .ToFrozenDictionary(Discriminator, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Options = CreateOptions();

    // Per runtime type: does it survive the trip (checked once, on its first event)?
    private readonly ConcurrentDictionary<Type, bool> _relayable = new();

    /// <summary>The name a type goes by on the wire: its full name without the assembly's namespace.</summary>
    public static string Discriminator(Type type) =>
        type.FullName!.StartsWith("TarsDashboard.Core.", StringComparison.Ordinal) ? type.FullName["TarsDashboard.Core.".Length..] : type.FullName;

    /// <summary>
    /// The message for <paramref name="liveEvent"/>, or null when its type cannot make the trip (not a Core event, or
    /// one whose JSON does not come back the same): such events stay on this instance. <paramref name="firstRefusal"/>
    /// says this is the first refusal of the type, so the caller warns once.
    /// </summary>
    public byte[]? TryEncode(LiveEvent liveEvent, string origin, out bool firstRefusal, out string? reason)
    {
        var type = liveEvent.GetType();
        firstRefusal = false;
        reason = null;
        var checkedBefore = _relayable.TryGetValue(type, out var relayable);
        if (checkedBefore && !relayable)
        {
            return null;
        }

        byte[]? payload = null;
        try
        {
            payload = Encode(liveEvent, origin);
            // The first event of a type is decoded again to see that it survives the trip.
            reason = checkedBefore ? null : RoundTripProblem(type, payload);
        }
        catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            reason = exception.Message;
        }

        if (reason is null)
        {
            _relayable.TryAdd(type, true);
            return payload;
        }

        // Refused for good; only the caller that flips the type's entry says so, so the warning comes once.
        firstRefusal = checkedBefore ? _relayable.TryUpdate(type, false, true) : _relayable.TryAdd(type, false) || _relayable.TryUpdate(type, false, true);
        return null;
    }

    /// <summary>Reads a message: who sent it and the event, or throws <see cref="JsonException"/> for anything we do not accept.</summary>
    public static (string Origin, LiveEvent Event) Decode(ReadOnlySpan<byte> message)
    {
        var envelope = JsonSerializer.Deserialize<Envelope>(message, Options)
                       ?? throw new JsonException("The message is empty.");
        if (envelope.Origin is not { Length: > 0 } || envelope.Type is null || envelope.Event.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The message lacks its origin, type or event.");
        }

        if (!KnownTypes.TryGetValue(envelope.Type, out var type))
        {
            throw new JsonException($"'{envelope.Type}' is not a live event type of this dashboard.");
        }

        var liveEvent = (LiveEvent?)envelope.Event.Deserialize(type, Options) ?? throw new JsonException("The event is null.");
        return (envelope.Origin, liveEvent);
    }

    internal static byte[] Encode(LiveEvent liveEvent, string origin)
    {
        var type = liveEvent.GetType();
        if (!KnownTypes.TryGetValue(Discriminator(type), out var known) || known != type)
        {
            throw new NotSupportedException($"{type.FullName} is not a live event type of TarsDashboard.Core; other instances could not read it.");
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("origin", origin);
            writer.WriteString("type", Discriminator(type));
            writer.WritePropertyName("event");
            JsonSerializer.Serialize(writer, liveEvent, type, Options);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Decodes what was just encoded and encodes it again: a type with a property that is written but not read back
    // (or the reverse) would reach the other instances changed, so it is better kept local.
    private static string? RoundTripProblem(Type type, byte[] payload)
    {
        try
        {
            var (origin, decoded) = Decode(payload);
            if (decoded.GetType() != type)
            {
                return $"it came back as {decoded.GetType().Name}";
            }

            return Encode(decoded, origin).AsSpan().SequenceEqual(payload) ? null : "its JSON does not come back the same";
        }
        catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return exception.Message;
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Names, not numbers: an instance one version behind still reads them after an enum gains a member.
            Converters = { new JsonStringEnumConverter() },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OnlyStoredState } },
        };
        options.MakeReadOnly();
        return options;
    }

    // Only what the record stores: computed properties (Audience, IsFinished) are recomputed on receipt, and the
    // topic follows from the type, so neither is sent nor taken from a message.
    private static void OnlyStoredState(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var property = typeInfo.Properties[i];
            var isTopic = property.AttributeProvider is PropertyInfo { Name: nameof(LiveEvent.Topic) } info && info.DeclaringType == typeof(LiveEvent);
            if (isTopic || (property.Set is null && property.AssociatedParameter is null))
            {
                typeInfo.Properties.RemoveAt(i);
            }
        }
    }

    private sealed record Envelope(string? Origin, string? Type, JsonElement Event);
}
