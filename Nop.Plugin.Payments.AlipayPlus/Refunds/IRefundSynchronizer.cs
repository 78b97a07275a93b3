using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Refunds;

/// <summary>
/// Brings one refund up to date from WooshPay: what a refund webhook, the admin's sync and reconciliation all do.
/// </summary>
public interface IRefundSynchronizer
{
    /// <param name="storeId">The store whose WooshPay account the refund belongs to (0: the shared configuration).</param>
    /// <param name="refundId">WooshPay's refund id (re_...).</param>
    /// <param name="source">Who asked (webhook event type, "sync", "reconciliation"), for notes and logs.</param>
    Task<RefundOutcome> SyncAsync(int storeId, string refundId, string source, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds at WooshPay a refund whose answer the shop never got (creating or unknown), by the idempotency key its
    /// metadata carries, and applies it; one WooshPay never made is marked failed once the grace has passed.
    /// </summary>
    Task<RefundOutcome> ResolveUnansweredAsync(AlipayPlusRefund record, string source, CancellationToken cancellationToken = default);
}
