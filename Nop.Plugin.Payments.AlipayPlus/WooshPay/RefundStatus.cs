#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>Refund.status values. Refunds are asynchronous: pending turns
/// into succeeded or failed later (charge.refund.updated).</summary>
public static class RefundStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";
}
