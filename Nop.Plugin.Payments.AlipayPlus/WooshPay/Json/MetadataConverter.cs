#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Json;

/// <summary>
/// metadata is a string map on the wire, but a value set through the dashboard or another
/// integration may come back as a number or boolean; keep its text instead of failing the whole object.
/// </summary>
internal sealed class MetadataConverter : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert,
        JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("Expected metadata to be an object.");

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            result[key] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Null => null!,
                _ => JsonElement.ParseValue(ref reader).GetRawText(),
            };
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in value)
        {
            if (item is null)
                writer.WriteNull(key);
            else
                writer.WriteString(key, item);
        }
        writer.WriteEndObject();
    }
}
