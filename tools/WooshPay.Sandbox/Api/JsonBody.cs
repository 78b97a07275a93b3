using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WooshPay.Sandbox.Api;

/// <summary>Typed reads of request fields that turn wrong types into 400s naming the param.</summary>
public static class JsonBody
{
    public static JsonObject Parse(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty || raw.Trim((byte)' ').IsEmpty) return new JsonObject();
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(raw);
        }
        catch (JsonException e)
        {
            throw ApiException.Invalid(null, $"Invalid JSON body (send Content-Type: application/json): {e.Message}",
                "invalid_json");
        }

        return node as JsonObject
            ?? throw ApiException.Invalid(null, "The request body must be a JSON object.", "invalid_json");
    }

    public static string? Str(this JsonObject o, string name, string? path = null)
    {
        var node = o[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw ApiException.Invalid(path ?? name, $"Invalid string: {path ?? name}.", "parameter_invalid_string");
    }

    public static string RequiredStr(this JsonObject o, string name, string? path = null)
    {
        var s = o.Str(name, path);
        if (s is null) throw ApiException.Missing(path ?? name);
        if (s.Length == 0) throw ApiException.Invalid(path ?? name, $"Empty string for {path ?? name}.",
            "parameter_invalid_empty");
        return s;
    }

    /// <summary>Integer field; <paramref name="allowString"/> accepts
    /// "150" too (WooshPay types refund amounts as strings).</summary>
    public static long? Int(this JsonObject o, string name, string? path = null, bool allowString = false)
    {
        var node = o[name];
        if (node is null) return null;
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.Number when v.TryGetValue<long>(out var l):
                    return l;
                case JsonValueKind.Number when v.TryGetValue<decimal>(out var d) && d == decimal.Truncate(d)
                    && d is >= long.MinValue and <= long.MaxValue:
                    return (long)d;
                case JsonValueKind.String when allowString &&
                                               long.TryParse(v.GetValue<string>(), NumberStyles.AllowLeadingSign,
                                                   CultureInfo.InvariantCulture, out var s):
                    return s;
            }
        }

        throw ApiException.Invalid(path ?? name, $"Invalid integer: {path ?? name}.", "parameter_invalid_integer");
    }

    public static bool? Bool(this JsonObject o, string name)
    {
        var node = o[name];
        if (node is null) return null;
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String when bool.TryParse(v.GetValue<string>(), out var b): return b;
            }
        }

        throw ApiException.Invalid(name, $"Invalid boolean: {name}.", "parameter_invalid_boolean");
    }

    public static JsonObject? Obj(this JsonObject o, string name, string? path = null)
    {
        var node = o[name];
        if (node is null) return null;
        return node as JsonObject ?? throw ApiException.Invalid(path ?? name, $"Invalid object: {path ?? name}.");
    }

    public static JsonArray? Arr(this JsonObject o, string name, string? path = null)
    {
        var node = o[name];
        if (node is null) return null;
        return node as JsonArray ?? throw ApiException.Invalid(path ?? name, $"Invalid array: {path ?? name}.");
    }

    public static List<string>? StringList(this JsonObject o, string name)
    {
        var arr = o.Arr(name);
        if (arr is null) return null;
        var list = new List<string>();
        for (var i = 0; i < arr.Count; i++)
        {
            if (arr[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0)
                list.Add(v.GetValue<string>());
            else
                throw ApiException.Invalid($"{name}[{i}]", $"Invalid string: {name}[{i}].", "parameter_invalid_string");
        }

        return list;
    }

    /// <summary>metadata: a flat map of strings (numbers and booleans are stringified), Stripe-like limits.</summary>
    public static Dictionary<string, string>? Metadata(this JsonObject o, string name = "metadata", string? path = null)
    {
        var node = o[name];
        path ??= name;
        if (node is null) return null;
        if (node is not JsonObject obj) throw ApiException.Invalid(path,
            "Invalid metadata: must be an object of strings.");
        if (obj.Count > 50) throw ApiException.Invalid(path, "metadata can have at most 50 keys.");
        var map = new Dictionary<string, string>();
        foreach (var (key, value) in obj)
        {
            if (key.Length is 0 or > 40) throw ApiException.Invalid($"{path}[{key}]",
                "metadata keys must be 1-40 characters.");
            var text = value switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True
                    or JsonValueKind.False => v.ToJsonString(),
                _ => throw ApiException.Invalid($"{path}[{key}]", "metadata values must be strings."),
            };
            if (text.Length > 500) throw ApiException.Invalid($"{path}[{key}]",
                "metadata values can be at most 500 characters.");
            map[key] = text;
        }

        return map;
    }
}
