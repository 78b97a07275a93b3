#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>
/// Body of POST /v1/checkout/sessions. For Alipay+ every line item must use the same currency
/// and a one-time price.
/// </summary>
public sealed class CheckoutSessionCreateRequest
{
    public string? CancelUrl { get; set; }

    /// <summary>"payment" (<see cref="AlipayPlusValues.CheckoutModePayment"/>).</summary>
    public string? Mode { get; set; }

    public string? SuccessUrl { get; set; }

    public PaymentMethodOptions? PaymentMethodOptions { get; set; }

    public List<CheckoutSessionLineItem>? LineItems { get; set; }

    public List<string>? PaymentMethodTypes { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    /// <summary>Our order reference, echoed back on the session and its events.</summary>
    public string? ClientReferenceId { get; set; }

    public string? CustomerEmail { get; set; }

    /// <summary>Settings for the PaymentIntent the session creates
    /// (its metadata travels on payment_intent.* events).</summary>
    public PaymentIntentData? PaymentIntentData { get; set; }

    /// <summary>Unix milliseconds, like the expires_at WooshPay answers with.</summary>
    public long? ExpiresAt { get; set; }
}
