#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Json;

/// <summary>Counters such as pending_webhooks, read with the same
/// tolerance as <see cref="LenientInt64Converter"/>.</summary>
internal sealed class LenientInt32Converter : JsonConverter<int>
{
    private static readonly LenientInt64Converter Inner = new();

    public override bool HandleNull => true;

    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = Inner.Read(ref reader, typeof(long), options);
        if (value is < int.MinValue or > int.MaxValue)
            throw new JsonException("The number is too large.");
        return (int)value;
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);
}
