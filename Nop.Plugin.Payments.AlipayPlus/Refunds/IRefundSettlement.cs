using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Refunds;

/// <summary>
/// Settles refunds from WooshPay's word: pending ones that succeed or fail later, and refunds made in
/// WooshPay's dashboard, which reach the shop only this way.
/// </summary>
public interface IRefundSettlement
{
    /// <param name="refund">The refund as fetched from WooshPay.</param>
    Task<RefundOutcome> ApplyAsync(Refund refund, string source);
}
