#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>cancellation_reason values for cancelling a PaymentIntent.</summary>
public static class CancellationReasons
{
    public const string Duplicate = "duplicate";
    public const string Fraudulent = "fraudulent";
    public const string RequestedByCustomer = "requested_by_customer";
    public const string Abandoned = "abandoned";

    /// <summary>An Alipay+ cashier left unpaid until it timed out (about 10 minutes).</summary>
    public const string Expired = "expired";
}
