using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// A log line whose text, from its first <c>{</c> to the end, is a JSON object (after an optional short prefix such as
/// a time and level): its top-level keys folded into one row (<see cref="Folded"/>) and, on demand, the object
/// indented one key a line (<see cref="Indented"/>). Plain text: the caller encodes it for HTML.
/// </summary>
public sealed class JsonLogLine
{
    /// <summary>Longer text is not folded: parsing it for a row would cost more than it shows.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>How far into the line the object may start (a time, a level, a logger name).</summary>
    public const int MaxPrefixLength = 100;

    // One folded value is cut here, so one huge field cannot crowd out the other keys of the row; the row itself too.
    private const int MaxValueLength = 200;
    private const int MaxFoldedLength = 2000;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    private static readonly JsonWriterOptions IndentedOptions = new()
    {
        Indented = true,
        // Readable text (no \u003C for '<'); the viewer HTML-encodes everything it shows.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly string _text;
    private readonly int _objectStart;
    private string? _indented;

    private JsonLogLine(string text, int objectStart, IReadOnlyList<JsonLogField> fields)
    {
        _text = text;
        _objectStart = objectStart;
        Fields = fields;
        Prefix = text[..objectStart];
        Folded = Fold(fields);
    }

    /// <summary>The text before the object, as written (may hold ANSI escapes).</summary>
    public string Prefix { get; }

    /// <summary>The object's top-level keys in their order.</summary>
    public IReadOnlyList<JsonLogField> Fields { get; }

    /// <summary>The keys as <c>key=value</c> pairs on one line.</summary>
    public string Folded { get; }

    /// <summary>The object indented, one key a line (parsed again when first asked: few rows are ever expanded).</summary>
    public string Indented => _indented ??= Indent(_text.AsMemory(_objectStart));

    /// <summary>The folded form of <paramref name="text"/>, or null when it does not end in a JSON object.</summary>
    public static JsonLogLine? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var objectStart = text.IndexOf('{', StringComparison.Ordinal);
        if (objectStart < 0 || objectStart > MaxPrefixLength || text.Length > MaxLength || !text.AsSpan().TrimEnd().EndsWith('}'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text.AsMemory(objectStart), ParseOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var fields = new List<JsonLogField>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields.Add(new JsonLogField(OneLine(property.Name), FoldedValue(property.Value)));
            }

            return new JsonLogLine(text, objectStart, fields);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Fold(IReadOnlyList<JsonLogField> fields)
    {
        var folded = new StringBuilder();
        foreach (var (key, value) in fields)
        {
            if (folded.Length >= MaxFoldedLength)
            {
                return folded.Append(" …").ToString();
            }

            folded.Append(folded.Length > 0 ? " " : "").Append(key).Append('=').Append(value);
        }

        return folded.ToString();
    }

    private static string FoldedValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Cut(OneLine(value.GetString() ?? "")),
        JsonValueKind.Object => value.EnumerateObject().Any() ? "{…}" : "{}",
        JsonValueKind.Array => value.GetArrayLength() > 0 ? "[…]" : "[]",
        _ => Cut(value.GetRawText()),
    };

    private static string Cut(string value) => value.Length > MaxValueLength ? string.Concat(value.AsSpan(0, MaxValueLength), "…") : value;

    // A folded row is one line: breaks and tabs inside a value are shown as their escapes.
    private static string OneLine(string value) =>
        value.AsSpan().IndexOfAny('\n', '\r', '\t') < 0 ? value : value.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t");

    private static string Indent(ReadOnlyMemory<char> json)
    {
        using var document = JsonDocument.Parse(json, ParseOptions);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, IndentedOptions))
        {
            document.RootElement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
