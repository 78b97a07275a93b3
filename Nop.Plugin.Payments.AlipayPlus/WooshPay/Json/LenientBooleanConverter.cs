#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Json;

/// <summary>
/// WooshPay sends null for booleans it has no value for (line_items.has_more in the seed), and
/// its schemas type some flags as strings. Reading null as false keeps such an answer usable.
/// </summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool>
{
    public override bool HandleNull => true;

    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
            case JsonTokenType.Null:
                return false;
            case JsonTokenType.String when bool.TryParse(reader.GetString(), out var parsed):
                return parsed;
            default:
                throw new JsonException($"Expected a boolean but found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) =>
        writer.WriteBooleanValue(value);
}
