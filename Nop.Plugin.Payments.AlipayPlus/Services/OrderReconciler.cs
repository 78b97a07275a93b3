using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Configuration;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

public class OrderReconciler : IOrderReconciler
{
    private readonly IWooshPayClient _client;
    private readonly IPaymentRecordService _paymentRecords;
    private readonly IRefundRecordService _refundRecords;
    private readonly IRefundUpdater _refundUpdater;
    private readonly ISettingService _settingService;
    private readonly IPaymentSynchronizer _synchronizer;

    public OrderReconciler(IWooshPayClient client,
        IPaymentRecordService paymentRecords,
        IRefundRecordService refundRecords,
        IRefundUpdater refundUpdater,
        ISettingService settingService,
        IPaymentSynchronizer synchronizer)
    {
        _client = client;
        _paymentRecords = paymentRecords;
        _refundRecords = refundRecords;
        _refundUpdater = refundUpdater;
        _settingService = settingService;
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
            var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(refund.StoreId);
            var current = await _client.GetRefundAsync(settings.ToWooshPayAccount(), refund.RefundId, cancellationToken);
            var outcome = await _refundUpdater.ApplyAsync(current, source);
            if (outcome != RefundOutcome.Unchanged)
                changes.Add($"refund {refund.RefundId}: {outcome}");
        }

        return new OrderReconciliation(attempts.Count, pendingRefunds.Count, changes);
    }
}
