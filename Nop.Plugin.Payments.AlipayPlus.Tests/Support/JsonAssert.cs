using System.Collections;
using System.Reflection;
using System.Text.Json;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>Structural JSON comparison for wire tests.</summary>
internal static class JsonAssert
{
    /// <summary>
    /// Every field of <paramref name="expectedJson"/> is in <paramref name="actualJson"/> with the
    /// same value, and nothing else is. A null in the expected JSON may be absent (we omit nulls)
    /// or the default of a value type (null read as false/0).
    /// </summary>
    public static void Equivalent(string expectedJson, string actualJson)
    {
        var differences = Differences(expectedJson, actualJson);
        Assert.That(differences, Is.Empty,
            "JSON differs:\n" + string.Join("\n", differences) + "\nactual: " + actualJson);
    }

    public static List<string> Differences(string expectedJson, string actualJson)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        using var actual = JsonDocument.Parse(actualJson);
        var differences = new List<string>();
        Compare(expected.RootElement, actual.RootElement, "$", differences);
        return differences;
    }

    /// <summary>Every property was mapped to a typed member: no [JsonExtensionData] bag holds anything.</summary>
    public static void NoExtensionData(object model)
    {
        var leftovers = ExtensionDataPaths(model);
        Assert.That(leftovers, Is.Empty, "Fields only kept as extension data: " + string.Join(", ", leftovers));
    }

    public static List<string> ExtensionDataPaths(object model)
    {
        var leftovers = new List<string>();
        Walk(model, "$", leftovers, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return leftovers;
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            var acceptable = actual.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.False
                || (actual.ValueKind == JsonValueKind.Number && actual.GetDecimal() == 0);
            if (!acceptable)
                differences.Add($"{path}: expected null/absent, got {actual.GetRawText()}");
            return;
        }

        if (actual.ValueKind != expected.ValueKind)
        {
            differences.Add($"{path}: expected {expected.ValueKind} {expected.GetRawText()}, got " +
                $"{(actual.ValueKind == JsonValueKind.Undefined ? "nothing" : actual.GetRawText())}");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>();
                foreach (var property in expected.EnumerateObject())
                {
                    seen.Add(property.Name);
                    var found = actual.TryGetProperty(property.Name, out var value) ? value : default;
                    Compare(property.Value, found, path + "." + property.Name, differences);
                }

                foreach (var property in actual.EnumerateObject())
                {
                    if (!seen.Contains(property.Name))
                        differences.Add(
                            $"{path}.{property.Name}: not in the expected JSON ({property.Value.GetRawText()})");
                }

                break;
            case JsonValueKind.Array:
                var expectedItems = expected.EnumerateArray().ToList();
                var actualItems = actual.EnumerateArray().ToList();
                if (expectedItems.Count != actualItems.Count)
                {
                    differences.Add($"{path}: expected {expectedItems.Count} items, got {actualItems.Count}");
                    return;
                }

                for (var i = 0; i < expectedItems.Count; i++)
                    Compare(expectedItems[i], actualItems[i], $"{path}[{i}]", differences);
                break;
            case JsonValueKind.Number:
                if (expected.GetDecimal() != actual.GetDecimal())
                    differences.Add($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                break;
            case JsonValueKind.String:
                if (expected.GetString() != actual.GetString())
                    differences.Add($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                break;
        }
    }

    private static void Walk(object node, string path, List<string> leftovers, HashSet<object> visited)
    {
        if (node is null || node is string || node.GetType().IsPrimitive || node is JsonElement || !visited.Add(node))
            return;

        if (node is IEnumerable items && node is not IDictionary)
        {
            var i = 0;
            foreach (var item in items)
                Walk(item, $"{path}[{i++}]", leftovers, visited);
            return;
        }

        if (node is IDictionary)
            return;

        foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
                continue;
            var value = property.GetValue(node);
            if (property.Name == "ExtensionData")
            {
                if (value is IDictionary { Count: > 0 } bag)
                    leftovers.AddRange(bag.Keys.Cast<string>().Select(k => path + "." + k));
                continue;
            }

            if (value is not null
                && value.GetType().Namespace?.StartsWith("Nop.Plugin", StringComparison.Ordinal) == true
                || value is IList)
                Walk(value, path + "." + property.Name, leftovers, visited);
        }
    }
}
