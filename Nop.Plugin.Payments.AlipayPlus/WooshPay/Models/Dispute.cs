#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>
/// A shopper's dispute of a payment, as charge.dispute.updated carries it. WooshPay lists the event but documents no
/// dispute object; the fields are Stripe's, every one optional but the id.
/// </summary>
public sealed class Dispute : IWooshPayResponse
{
    public string? Id { get; set; }

    /// <summary>"dispute".</summary>
    public string? Object { get; set; }

    /// <summary>Minor units.</summary>
    public long Amount { get; set; }

    public string? Currency { get; set; }

    public string? Reason { get; set; }

    public string? Status { get; set; }

    public string? PaymentIntent { get; set; }

    public string? Charge { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    string? IWooshPayResponse.FindMissingField() => string.IsNullOrEmpty(Id) ? "id" : null;
}
