using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;

namespace Nop.Plugin.Payments.AlipayPlus.Refunds;

public class RefundSynchronizer : IRefundSynchronizer
{
    private readonly IWooshPayClient _client;
    private readonly IRefundRecordStore _refundRecords;
    private readonly IRefundSettlement _refundSettlement;
    private readonly ISettingService _settingService;
    private readonly TimeProvider _timeProvider;

    public RefundSynchronizer(IWooshPayClient client, IRefundRecordStore refundRecords, IRefundSettlement refundSettlement,
        ISettingService settingService, TimeProvider timeProvider)
    {
        _client = client;
        _refundRecords = refundRecords;
        _refundSettlement = refundSettlement;
        _settingService = settingService;
        _timeProvider = timeProvider;
    }

    public async Task<RefundOutcome> ResolveUnansweredAsync(AlipayPlusRefund record, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!RefundLifecycle.IsUnresolved(record.Status))
            return RefundOutcome.Unchanged;

        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(record.StoreId);
        var refunds = await _client.ListRefundsAsync(settings.ToWooshPayAccount(), record.PaymentIntentId,
            new ListOptions { Limit = ListOptions.MaxLimit }, cancellationToken);
        var made = refunds.Data?.FirstOrDefault(refund => refund.Metadata is not null
            && refund.Metadata.TryGetValue(AttemptMetadata.RefundKey, out var key) && key == record.IdempotencyKey);
        if (made is not null)
            return await _refundSettlement.ApplyAsync(made, source);

        // A request still on its way could yet create it; after the grace none is, and the amount is free again.
        if (_timeProvider.GetUtcNow().UtcDateTime - record.UpdatedOnUtc < RefundLifecycle.UnknownGrace)
            return RefundOutcome.Unchanged;

        record.Status = RefundStatus.Failed;
        record.FailureReason = $"WooshPay has no refund with key {record.IdempotencyKey}; it was never made ({source}).";
        record.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        await _refundRecords.UpdateAsync(record);
        return RefundOutcome.Failed;
    }

    public async Task<RefundOutcome> SyncAsync(int storeId, string refundId, string source, CancellationToken cancellationToken = default)
    {
        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(storeId);
        // Applied from what WooshPay says now, never from the event or record that prompted the look.
        var refund = await _client.GetRefundAsync(settings.ToWooshPayAccount(), refundId, cancellationToken);
        return await _refundSettlement.ApplyAsync(refund, source);
    }
}
