using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Reconciliation;

public class OrderReconciler : IOrderReconciler
{
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly IRefundRecordStore _refundRecords;
    private readonly IRefundSynchronizer _refundSynchronizer;
    private readonly IPaymentSynchronizer _synchronizer;

    public OrderReconciler(IPaymentRecordStore paymentRecords,
        IRefundRecordStore refundRecords,
        IRefundSynchronizer refundSynchronizer,
        IPaymentSynchronizer synchronizer)
    {
        _paymentRecords = paymentRecords;
        _refundRecords = refundRecords;
        _refundSynchronizer = refundSynchronizer;
        _synchronizer = synchronizer;
    }

    public async Task<OrderReconciliation> ReconcileAsync(int orderId, string source, CancellationToken cancellationToken = default)
    {
        var changes = new List<string>();

        var attempts = (await _paymentRecords.GetByOrderIdAsync(orderId))
            .Where(payment => !string.IsNullOrEmpty(payment.PaymentIntentId) || !string.IsNullOrEmpty(payment.CheckoutSessionId))
            .ToList();
        foreach (var attempt in attempts)
        {
            var result = await _synchronizer.SyncAsync(attempt, source, cancellationToken);
            if (result.Changed)
                changes.Add($"attempt {attempt.Attempt}: {result.StatusBefore} → {result.StatusAfter} ({result.Outcome})");
        }

        var pendingRefunds = (await _refundRecords.GetByOrderIdAsync(orderId))
            .Where(refund => !string.IsNullOrEmpty(refund.RefundId) && refund.Status == RefundStatus.Pending)
            .ToList();
        foreach (var refund in pendingRefunds)
        {
            var outcome = await _refundSynchronizer.SyncAsync(refund.StoreId, refund.RefundId, source, cancellationToken);
            if (outcome != RefundOutcome.Unchanged)
                changes.Add($"refund {refund.RefundId}: {outcome}");
        }

        // Refunds whose answer was lost: found at WooshPay by their key, or freed once WooshPay has none.
        var unanswered = (await _refundRecords.GetByOrderIdAsync(orderId)).Where(refund => RefundLifecycle.IsUnresolved(refund.Status)).ToList();
        foreach (var refund in unanswered)
        {
            var outcome = await _refundSynchronizer.ResolveUnansweredAsync(refund, source, cancellationToken);
            if (outcome != RefundOutcome.Unchanged)
                changes.Add($"refund {refund.IdempotencyKey}: {outcome}");
        }

        return new OrderReconciliation(attempts.Count, pendingRefunds.Count + unanswered.Count, changes);
    }
}
