using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Logging;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

public class RefundUpdater : IRefundUpdater
{
    private static readonly TimeSpan BookingGrace = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger;
    private readonly IOrderNoteWriter _notes;
    private readonly IOrderPaymentLock _orderLock;
    private readonly IOrderProcessingService _orderProcessingService;
    private readonly IOrderService _orderService;
    private readonly IPaymentRecordService _paymentRecords;
    private readonly IRefundRecordService _refundRecords;
    private readonly TimeProvider _timeProvider;

    public RefundUpdater(ILogger logger,
        IOrderNoteWriter notes,
        IOrderPaymentLock orderLock,
        IOrderProcessingService orderProcessingService,
        IOrderService orderService,
        IPaymentRecordService paymentRecords,
        IRefundRecordService refundRecords,
        TimeProvider timeProvider)
    {
        _logger = logger;
        _notes = notes;
        _orderLock = orderLock;
        _orderProcessingService = orderProcessingService;
        _orderService = orderService;
        _paymentRecords = paymentRecords;
        _refundRecords = refundRecords;
        _timeProvider = timeProvider;
    }

    public async Task<RefundOutcome> ApplyAsync(Refund refund, string source)
    {
        ArgumentNullException.ThrowIfNull(refund);

        var payment = await _paymentRecords.GetByPaymentIntentIdAsync(refund.PaymentIntent);
        if (payment is null)
        {
            await _logger.WarningAsync($"Alipay+: refund {refund.Id} ({source}) is for payment intent {refund.PaymentIntent}, which no order of this shop has.");
            return RefundOutcome.UnknownPayment;
        }

        return await _orderLock.RunAsync(payment.OrderId, () => ApplyLockedAsync(payment, refund));
    }

    private async Task<RefundOutcome> ApplyLockedAsync(AlipayPlusPayment payment, Refund refund)
    {
        var order = await _orderService.GetOrderByIdAsync(payment.OrderId);
        var record = await _refundRecords.GetByRefundIdAsync(refund.Id) ?? await AdoptUnansweredRefundAsync(refund);
        if (record is null)
            return order is null ? RefundOutcome.UnknownPayment : await ApplyDashboardRefundAsync(order, payment, refund);

        var previousStatus = record.Status;
        if (previousStatus == refund.Status)
            return RefundOutcome.Unchanged;

        // nopCommerce books an accepted refund on the order right after the plugin answers, outside the lock;
        // a failure arriving within moments could be reversed before it was booked and leave the order over-counted.
        if (record.BookedOnOrder && refund.Status is RefundStatus.Failed or RefundStatus.Canceled
            && _timeProvider.GetUtcNow().UtcDateTime - record.UpdatedOnUtc < BookingGrace)
            throw new OrderBusyException(record.OrderId);

        record.Status = refund.Status;
        record.FailureReason = refund.FailureReason;
        record.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;

        var outcome = RefundOutcome.Unchanged;
        if (refund.Status == RefundStatus.Succeeded && !record.BookedOnOrder && order is not null)
        {
            // A dashboard refund (or one whose answer the shop never got) waited without touching the order; now the money moved.
            outcome = await ApplyOfflineRefundAsync(order, payment, record);
        }
        else if (refund.Status == RefundStatus.Succeeded)
        {
            await _notes.AddAsync(record.OrderId, "Order.Note.RefundSucceeded", refund.Id, Format(record), record.Currency);
            outcome = RefundOutcome.Succeeded;
        }
        else if (refund.Status is RefundStatus.Failed or RefundStatus.Canceled && order is not null)
        {
            await ReverseFailedRefundAsync(order, payment, record, refund);
            outcome = RefundOutcome.Failed;
        }

        await _refundRecords.UpdateAsync(record);
        return outcome;
    }

    /// <summary>
    /// nopCommerce counted the refund when WooshPay accepted it; a later failure must take it back out,
    /// so the order shows what the shopper really got.
    /// </summary>
    private async Task ReverseFailedRefundAsync(Order order, AlipayPlusPayment payment, AlipayPlusRefund record, Refund refund)
    {
        var primaryAmount = record.BookedOnOrder ? ChargedAmountConverter.ToPrimaryAmount(order, payment, record.AmountMinor) : 0m;
        record.BookedOnOrder = false;
        if (primaryAmount > 0)
        {
            order.RefundedAmount = Math.Max(0, order.RefundedAmount - primaryAmount);
            order.PaymentStatus = order.RefundedAmount == 0 ? PaymentStatus.Paid : PaymentStatus.PartiallyRefunded;
            await _orderService.UpdateOrderAsync(order);
        }

        await _notes.AddAsync(order.Id, "Order.Note.RefundFailed", refund.Id, Format(record), record.Currency,
            refund.FailureReason ?? refund.Status, primaryAmount);

        // The store owner must hear of it: the shopper was promised money that did not move.
        await _logger.ErrorAsync($"Alipay+: refund {refund.Id} of order {order.Id} ({Format(record)} {record.Currency}) failed at WooshPay: {refund.FailureReason ?? refund.Status}. The order's refunded amount was corrected; refund the shopper another way.");
    }

    /// <summary>
    /// A refund the shop asked for whose answer never arrived (the record is still "creating"): it is the
    /// shop's own, already counted by nopCommerce when the admin retries, so it must not be applied again as
    /// a dashboard refund. The refund's metadata names the record.
    /// </summary>
    private async Task<AlipayPlusRefund> AdoptUnansweredRefundAsync(Refund refund)
    {
        if (refund.Metadata is null || !refund.Metadata.TryGetValue(AttemptMetadata.RefundKey, out var key))
            return null;

        var record = await _refundRecords.GetByIdempotencyKeyAsync(key);
        if (record is null || !string.IsNullOrEmpty(record.RefundId) && record.RefundId != refund.Id)
            return null;

        record.RefundId = refund.Id;
        return record;
    }

    private async Task<RefundOutcome> ApplyDashboardRefundAsync(Order order, AlipayPlusPayment payment, Refund refund)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var record = new AlipayPlusRefund
        {
            StoreId = payment.StoreId,
            OrderId = order.Id,
            PaymentId = payment.Id,
            PaymentIntentId = payment.PaymentIntentId,
            RefundId = refund.Id,
            IdempotencyKey = $"dashboard-{refund.Id}",
            AmountMinor = refund.Amount,
            Currency = refund.Currency?.ToUpperInvariant() ?? payment.Currency,
            Status = refund.Status,
            FailureReason = refund.FailureReason,
            FromDashboard = true,
            CreatedOnUtc = now,
            UpdatedOnUtc = now
        };

        // Only money that actually went back changes the order; a pending dashboard refund is recorded and waits.
        if (refund.Status != RefundStatus.Succeeded)
        {
            await _refundRecords.InsertAsync(record);
            return RefundOutcome.Unchanged;
        }

        var outcome = await ApplyOfflineRefundAsync(order, payment, record);
        await _refundRecords.InsertAsync(record);
        return outcome;
    }

    private async Task<RefundOutcome> ApplyOfflineRefundAsync(Order order, AlipayPlusPayment payment, AlipayPlusRefund record)
    {
        var amount = ChargedAmountConverter.ToPrimaryAmount(order, payment, record.AmountMinor);
        var isFull = record.AmountMinor >= payment.AmountMinor && order.RefundedAmount == 0;

        if (isFull && _orderProcessingService.CanRefundOffline(order))
            await _orderProcessingService.RefundOfflineAsync(order);
        else if (_orderProcessingService.CanPartiallyRefundOffline(order, amount))
            await _orderProcessingService.PartiallyRefundOfflineAsync(order, amount);
        else
        {
            var reason = $"nopCommerce does not allow refunding {amount} more on this order (payment status {order.PaymentStatus})";
            await _notes.AddAsync(order.Id, "Order.Note.RefundNotApplied", record.RefundId, Format(record), record.Currency, reason);
            await _logger.WarningAsync($"Alipay+: dashboard refund {record.RefundId} of order {order.Id}: {reason}.");
            return RefundOutcome.NotApplied;
        }

        record.BookedOnOrder = true;
        await _notes.AddAsync(order.Id, "Order.Note.DashboardRefund", record.RefundId, Format(record), record.Currency);
        return RefundOutcome.DashboardRefundApplied;
    }

    private static string Format(AlipayPlusRefund record) => PresentmentCurrencies.Format(record.Currency, record.AmountMinor);
}
