using System.Text.Json;
using System.Text.Json.Nodes;

namespace TarsDashboard.Core.Audit;

/// <summary>Turns before/after objects into JSON with every secret-looking property masked, so the log never holds one.</summary>
public static class AuditRedactor
{
    private static readonly string[] SecretWords = ["password", "secret", "token", "privatekey", "credential", "hash"];
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string? ToJson(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var node = JsonSerializer.SerializeToNode(value, value.GetType(), Options);
        Mask(node);
        var json = node?.ToJsonString() ?? "null";
        return json.Length <= 16_000 ? json : json[..16_000] + "…";
    }

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (SecretWords.Any(w => key.Replace("_", "", StringComparison.Ordinal).Contains(w, StringComparison.OrdinalIgnoreCase)))
                    {
                        obj[key] = child is null ? null : "***";
                    }
                    else
                    {
                        Mask(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Mask(child);
                }

                break;
        }
    }
}
