#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>Per-method settings, sent on create and echoed back on the PaymentIntent.</summary>
public sealed class PaymentMethodOptions
{
    [JsonPropertyName("alipayplus")]
    public AlipayPlusPaymentMethodOptions? AlipayPlus { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
