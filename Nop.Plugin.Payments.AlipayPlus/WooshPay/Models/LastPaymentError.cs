#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>Why the latest payment attempt on a PaymentIntent failed.</summary>
public sealed class LastPaymentError
{
    public string? Type { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
