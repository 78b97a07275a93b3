#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>What the shopper must do before the PaymentIntent can go on.</summary>
public sealed class NextAction
{
    public string? Type { get; set; }

    // Snake-casing "AlipayPlus" would give "alipay_plus"; the wire spells it as one word.
    [JsonPropertyName("alipayplus_handle_redirect")]
    public AlipayPlusHandleRedirect? AlipayPlusHandleRedirect { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
