#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>CheckoutSession.status and payment_status values.</summary>
public static class CheckoutSessionStatus
{
    public const string Open = "open";
    public const string Complete = "complete";
    public const string Expired = "expired";

    public const string PaymentPaid = "paid";
    public const string PaymentUnpaid = "unpaid";
}
