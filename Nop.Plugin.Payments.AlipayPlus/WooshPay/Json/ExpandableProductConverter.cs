#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Json;

/// <summary>
/// price.product is a full object in the seed's session answer, but Stripe-style APIs send just the
/// product id unless expanded. Accept both so an unexpanded answer still parses.
/// </summary>
internal sealed class ExpandableProductConverter : JsonConverter<Product>
{
    public override Product? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => new Product { Id = reader.GetString() },
            // The converter sits on the property, not the type, so the type's own contract does not recurse here.
            _ => JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<Product>)options.GetTypeInfo(typeof(Product))),
        };
    }

    public override void Write(Utf8JsonWriter writer, Product value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, (JsonTypeInfo<Product>)options.GetTypeInfo(typeof(Product)));
}
