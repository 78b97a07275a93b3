namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// What WooshPay answered when an attempt was opened.
/// </summary>
public sealed record CreatedAttempt(string PaymentIntentId, string CheckoutSessionId, string RedirectUrl, string Status, bool Livemode);
