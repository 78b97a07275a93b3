using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WooshPay.Sandbox.Core;

/// <summary>JSON settings shared by every response, event payload and admin document.</summary>
public static class SandboxJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // URLs with '&' must stay readable; nothing here is embedded into HTML script blocks.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    public static string Serialize(JsonNode? node) => node?.ToJsonString(Options) ?? "null";

    public static JsonObject? StringMap(IReadOnlyDictionary<string, string>? map)
    {
        if (map is null) return null;
        var obj = new JsonObject();
        foreach (var (k, v) in map) obj[k] = v;
        return obj;
    }

    public static JsonArray StringArray(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
