#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Json;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// The one set of serializer options for WooshPay JSON (snake_case, nulls omitted, tolerant
/// numbers). Use it to store or re-read gateway objects the same way the client does.
/// </summary>
public static class WooshPayJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(WooshPayJsonContext.Default.Options)
        {
            // Generated contracts for our models; reflection only for a type a caller brings to
            // WebhookEvent.GetDataObject<T>() that this assembly does not know.
            TypeInfoResolver = JsonTypeInfoResolver.Combine(WooshPayJsonContext.Default,
                new DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly();
        return options;
    }

    internal static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
