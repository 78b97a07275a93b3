#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>The reason values WooshPay accepts on a refund.</summary>
public static class RefundReasons
{
    public const string Duplicate = "duplicate";
    public const string Fraudulent = "fraudulent";
    public const string RequestedByCustomer = "requested_by_customer";
    public const string ResolvedDispute = "resolved_dispute";
}
