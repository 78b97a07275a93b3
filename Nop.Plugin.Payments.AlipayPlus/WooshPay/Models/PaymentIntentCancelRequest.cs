#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>Body of POST /v1/payment_intents/{id}/cancel.</summary>
internal sealed class PaymentIntentCancelRequest
{
    public string? CancellationReason { get; set; }
}
