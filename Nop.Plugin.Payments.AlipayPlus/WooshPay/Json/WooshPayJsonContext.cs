#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Json;

/// <summary>
/// Source-generated contracts: no reflection on each webhook or API answer. Nulls are left out of
/// requests because WooshPay treats a present null differently from an absent field on some endpoints.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = new[] { typeof(LenientBooleanConverter), typeof(LenientInt64Converter), typeof(LenientInt32Converter),
        typeof(MetadataConverter) })]
[JsonSerializable(typeof(PaymentIntent))]
[JsonSerializable(typeof(PaymentIntentCreateRequest))]
[JsonSerializable(typeof(PaymentIntentCancelRequest))]
[JsonSerializable(typeof(Refund))]
[JsonSerializable(typeof(Dispute))]
[JsonSerializable(typeof(RefundCreateRequest))]
[JsonSerializable(typeof(WooshPayList<Refund>))]
[JsonSerializable(typeof(CheckoutSession))]
[JsonSerializable(typeof(CheckoutSessionCreateRequest))]
[JsonSerializable(typeof(EmptyRequest))]
[JsonSerializable(typeof(WebhookEndpoint))]
[JsonSerializable(typeof(WebhookEndpointCreateRequest))]
[JsonSerializable(typeof(WooshPayList<WebhookEndpoint>))]
[JsonSerializable(typeof(DeletedObject))]
[JsonSerializable(typeof(WooshPayError))]
[JsonSerializable(typeof(WebhookEvent))]
internal sealed partial class WooshPayJsonContext : JsonSerializerContext
{
}
