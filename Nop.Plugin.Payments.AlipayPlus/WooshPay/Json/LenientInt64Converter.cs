#nullable enable
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Json;

/// <summary>
/// Amounts and timestamps are integers, but WooshPay's schemas type some as strings (refund
/// amount) and may send null. Writing always produces a JSON integer: the API wants amount as one.
/// </summary>
internal sealed class LenientInt64Converter : JsonConverter<long>
{
    public override bool HandleNull => true;

    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return 0;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var whole))
                    return whole;
                // 200.0 is still a whole amount; 200.5 minor units is not, and must not be rounded silently.
                if (reader.TryGetDecimal(out var number) && decimal.Truncate(number) == number
                    && number is >= long.MinValue and <= long.MaxValue)
                    return (long)number;
                throw new JsonException("Expected a whole number.");
            case JsonTokenType.String:
                var text = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                if (Utf8Parser.TryParse(text, out long parsed, out var consumed) && consumed == text.Length)
                    return parsed;
                throw new JsonException("Expected a whole number in the string.");
            default:
                throw new JsonException($"Expected a whole number but found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);
}
