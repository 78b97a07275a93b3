namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// Statuses of an attempt before WooshPay has one of its own to report; afterwards the attempt carries the PaymentIntent's status.
/// </summary>
public static class PaymentRecordStatus
{
    /// <summary>Reserved in our table, not yet confirmed by WooshPay; a retry resumes it with the same idempotency key.</summary>
    public const string Creating = "creating";

    /// <summary>WooshPay refused to create it (a 4xx); nothing exists at the gateway.</summary>
    public const string CreateFailed = "create_failed";

    /// <summary>The Checkout Session or cashier page expired before the shopper paid.</summary>
    public const string Expired = "expired";
}
