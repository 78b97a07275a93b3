namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// What WooshPay answered when an attempt was opened.
/// </summary>
public sealed record CreatedAttempt(string PaymentIntentId, string CheckoutSessionId, string RedirectUrl,
    string Status, bool Livemode);
