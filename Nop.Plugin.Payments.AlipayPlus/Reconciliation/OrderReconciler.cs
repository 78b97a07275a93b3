using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Reconciliation;

public class OrderReconciler : IOrderReconciler
{
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly RefundRecordStore _refundRecords;
    private readonly RefundSettlement _refundSettlement;
    private readonly PaymentSettlement _settlement;

    public OrderReconciler(IPaymentRecordStore paymentRecords,
        RefundRecordStore refundRecords,
        RefundSettlement refundSettlement,
        PaymentSettlement settlement)
    {
        _paymentRecords = paymentRecords;
        _refundRecords = refundRecords;
        _refundSettlement = refundSettlement;
        _settlement = settlement;
    }

    public async Task<OrderReconciliation> ReconcileAsync(int orderId, string source,
        CancellationToken cancellationToken = default)
    {
        var changes = new List<string>();

        var attempts = (await _paymentRecords.GetByOrderIdAsync(orderId))
            .Where(payment => !string.IsNullOrEmpty(payment.PaymentIntentId)
                || !string.IsNullOrEmpty(payment.CheckoutSessionId))
            .ToList();
        foreach (var attempt in attempts)
        {
            var result = await _settlement.SyncAsync(attempt, source, cancellationToken);
            if (result.Changed)
                changes.Add(
                    $"attempt {attempt.Attempt}: {result.StatusBefore} → {result.StatusAfter} ({result.Outcome})");
        }

        var pendingRefunds = (await _refundRecords.GetByOrderIdAsync(orderId))
            .Where(refund => !string.IsNullOrEmpty(refund.RefundId) && refund.Status == RefundStatus.Pending)
            .ToList();
        foreach (var refund in pendingRefunds)
        {
            var outcome = await _refundSettlement.SyncAsync(refund.StoreId, refund.RefundId, source, cancellationToken);
            if (outcome != RefundOutcome.Unchanged)
                changes.Add($"refund {refund.RefundId}: {outcome}");
        }

        // Refunds whose answer was lost: found at WooshPay by their key, or freed once WooshPay has none.
        var unanswered = (await _refundRecords.GetByOrderIdAsync(orderId))
            .Where(refund => RefundLifecycle.IsUnresolved(refund.Status))
            .ToList();
        foreach (var refund in unanswered)
        {
            var outcome = await _refundSettlement.ResolveUnansweredAsync(refund, source, cancellationToken);
            if (outcome != RefundOutcome.Unchanged)
                changes.Add($"refund {refund.IdempotencyKey}: {outcome}");
        }

        // A refund booking a concurrent write of the order wiped off is booked back here if its own moment missed it.
        if (await _refundSettlement.RestoreLostBookingsAsync(orderId))
            changes.Add("refunds: a lost booking was booked back on the order");

        return new OrderReconciliation(attempts.Count, pendingRefunds.Count + unanswered.Count, changes);
    }
}
