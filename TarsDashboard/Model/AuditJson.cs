using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TarsDashboard.Model;

/// <summary>Indents the audit log's before/after JSON for reading; text that is not JSON (a truncated value) is shown as stored.</summary>
public static class AuditJson
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Rendered as text (Blazor escapes it), so names in Chinese stay readable instead of \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Pretty(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "—";
        }

        try
        {
            return JsonNode.Parse(json)?.ToJsonString(Indented) ?? json;
        }
        catch (JsonException)
        {
            // Old rows may hold plain text: shown as it is, nothing failed.
            return json;
        }
    }
}
