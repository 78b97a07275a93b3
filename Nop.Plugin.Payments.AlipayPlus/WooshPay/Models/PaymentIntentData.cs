#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>payment_intent_data of a Checkout Session request.</summary>
public sealed class PaymentIntentData
{
    public Dictionary<string, string>? Metadata { get; set; }

    public string? Description { get; set; }
}
