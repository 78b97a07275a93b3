namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// Statuses of an attempt before WooshPay has one of its own to report; afterwards
/// the attempt carries the PaymentIntent's status (a declined one as PaymentFailed).
/// </summary>
public static class PaymentRecordStatus
{
    /// <summary>Reserved in our table, not yet confirmed by WooshPay;
    /// a retry resumes it with the same idempotency key.</summary>
    public const string Creating = "creating";

    /// <summary>WooshPay refused to create it (a 4xx); nothing exists at the gateway.</summary>
    public const string CreateFailed = "create_failed";

    /// <summary>
    /// WooshPay reported the intent as requires_payment_method with a last_payment_error: the wallet declined.
    /// Kept apart from a plain requires_payment_method (a Checkout Session's intent before the shopper acts).
    /// </summary>
    public const string PaymentFailed = "payment_failed";

    /// <summary>
    /// The plugin is closing this attempt at WooshPay to open a new one; its cancellation is ours, not the shopper's.
    /// </summary>
    public const string Closing = "closing";

    /// <summary>The Checkout Session or cashier page expired before the shopper paid.</summary>
    public const string Expired = "expired";

    /// <summary>
    /// The plugin is closing this attempt at WooshPay because it was left unpaid
    /// past the cashier's expiry and a grace period; once WooshPay confirms, it is
    /// recorded as canceled or expired and reconciliation no longer asks about it.
    /// </summary>
    public const string Abandoning = "abandoning";
}
