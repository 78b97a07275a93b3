using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;
using Nop.Services.Logging;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

public class OrderPaymentUpdater : IOrderPaymentUpdater
{
    private readonly ILogger _logger;
    private readonly IOrderNoteWriter _notes;
    private readonly IOrderPaymentLock _orderLock;
    private readonly IOrderProcessingService _orderProcessingService;
    private readonly IOrderService _orderService;
    private readonly IPaymentRecordService _paymentRecords;
    private readonly ISettingService _settingService;
    private readonly TimeProvider _timeProvider;

    public OrderPaymentUpdater(IOrderNoteWriter notes,
        ILogger logger,
        IOrderPaymentLock orderLock,
        IOrderProcessingService orderProcessingService,
        IOrderService orderService,
        IPaymentRecordService paymentRecords,
        ISettingService settingService,
        TimeProvider timeProvider)
    {
        _notes = notes;
        _logger = logger;
        _orderLock = orderLock;
        _orderProcessingService = orderProcessingService;
        _orderService = orderService;
        _paymentRecords = paymentRecords;
        _settingService = settingService;
        _timeProvider = timeProvider;
    }

    public Task<SettlementOutcome> ApplyAsync(AlipayPlusPayment payment, PaymentIntent intent, string source)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(intent);

        return _orderLock.RunAsync(payment.OrderId, async () =>
        {
            // Re-read inside the lock: another server may have settled this attempt a moment ago.
            var stored = await _paymentRecords.GetByIdAsync(payment.Id);
            var outcome = await ApplyLockedAsync(stored, intent, source);

            // The caller's copy now says what is stored, so reporting the result costs no second read.
            if (stored is not null && !ReferenceEquals(stored, payment))
            {
                payment.Status = stored.Status;
                payment.LastEventType = stored.LastEventType;
                payment.LastEventOnUtc = stored.LastEventOnUtc;
                payment.UpdatedOnUtc = stored.UpdatedOnUtc;
            }

            return outcome;
        });
    }

    public Task<bool> MarkClosingAsync(AlipayPlusPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);

        return _orderLock.RunAsync(payment.OrderId, async () =>
        {
            var stored = await _paymentRecords.GetByIdAsync(payment.Id);
            if (stored is null || stored.Status == PaymentIntentStatus.Succeeded)
                return false;

            stored.Status = PaymentRecordStatus.Closing;
            stored.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
            await _paymentRecords.UpdateAsync(stored);
            payment.Status = stored.Status;
            payment.UpdatedOnUtc = stored.UpdatedOnUtc;
            return true;
        });
    }

    private async Task<SettlementOutcome> ApplyLockedAsync(AlipayPlusPayment payment, PaymentIntent intent, string source)
    {
        var order = payment is null ? null : await _orderService.GetOrderByIdAsync(payment.OrderId);
        if (order is null || order.Deleted)
        {
            await _logger.WarningAsync($"Alipay+: payment intent {intent.Id} ({source}) refers to an order that no longer exists.");
            return SettlementOutcome.OrderNotFound;
        }

        var mismatch = FindMismatch(payment, order, intent);
        if (mismatch is not null)
        {
            await _notes.AddAsync(order.Id, "Order.Note.Mismatch", intent.Id, mismatch);
            await _logger.WarningAsync($"Alipay+: payment intent {intent.Id} ({source}) was not applied to order {order.Id}: {mismatch}");
            return SettlementOutcome.Mismatch;
        }

        var previousStatus = payment.Status;

        // A PaymentIntent never leaves "succeeded"; a read that says otherwise was taken before the payment
        // (a late webhook or a slow return) and must not unsettle the attempt refunds are made against.
        if (previousStatus == PaymentIntentStatus.Succeeded && intent.Status != PaymentIntentStatus.Succeeded)
            return SettlementOutcome.AlreadyPaid;
        var recordedStatus = RecordedStatusOf(intent);
        var outcome = intent.Status switch
        {
            PaymentIntentStatus.Succeeded => await MarkPaidAsync(order, payment, intent, source),
            PaymentIntentStatus.Canceled => await CloseAttemptAsync(order, previousStatus != recordedStatus,
                previousStatus == PaymentRecordStatus.Closing, SettlementOutcome.Canceled,
                "Order.Note.Canceled", intent.Id, intent.CancellationReason ?? "canceled"),
            PaymentIntentStatus.RequiresPaymentMethod when intent.LastPaymentError is not null => await CloseAttemptAsync(order,
                previousStatus != recordedStatus, previousStatus == PaymentRecordStatus.Closing, SettlementOutcome.Failed, "Order.Note.Failed", intent.Id,
                intent.LastPaymentError.Message ?? intent.LastPaymentError.Code),
            _ => SettlementOutcome.Pending
        };

        // A look at WooshPay taken before the plugin's own close landed (a late webhook) must not unmark the attempt
        // being closed; the close's cancellation replaces the mark.
        payment.Status = previousStatus == PaymentRecordStatus.Closing && outcome == SettlementOutcome.Pending ? previousStatus : recordedStatus;
        payment.LastEventType = source;
        payment.LastEventOnUtc = payment.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        await _paymentRecords.UpdateAsync(payment);

        return outcome;
    }

    private async Task<SettlementOutcome> MarkPaidAsync(Order order, AlipayPlusPayment payment, PaymentIntent intent, string source)
    {
        if (order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded)
            return SettlementOutcome.AlreadyPaid;

        if (!_orderProcessingService.CanMarkOrderAsPaid(order))
        {
            // Money was taken for an order the shop closed meanwhile: keep it visible, never drop it.
            if (payment.Status != PaymentIntentStatus.Succeeded)
            {
                var reason = $"the payment succeeded but order status {order.OrderStatus} / payment status {order.PaymentStatus} cannot be marked paid; refund it or reopen the order";
                await _notes.AddAsync(order.Id, "Order.Note.Mismatch", intent.Id, reason);
                await _logger.WarningAsync($"Alipay+: order {order.Id}: {reason} ({intent.Id}, {source}).");
            }

            return SettlementOutcome.PaidButOrderClosed;
        }

        order.CaptureTransactionId = intent.Id;
        order.CaptureTransactionResult = intent.Status;
        await _orderService.UpdateOrderAsync(order);
        await _orderProcessingService.MarkOrderAsPaidAsync(order);
        await _notes.AddAsync(order.Id, "Order.Note.Paid", intent.Id, PresentmentCurrencies.Format(payment.Currency, payment.AmountMinor), payment.Currency, source);

        return SettlementOutcome.Paid;
    }

    private async Task<SettlementOutcome> CloseAttemptAsync(Order order, bool statusChanged, bool closedByPlugin,
        SettlementOutcome outcome, string noteKey, params object[] noteArguments)
    {
        // A redelivered event finds the attempt already in this state and leaves the order alone.
        if (!statusChanged)
            return outcome;

        await _notes.AddAsync(order.Id, noteKey, noteArguments);

        // An attempt the plugin closed to open a new one is not the shopper giving up on the order.
        if (closedByPlugin)
            return outcome;

        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(order.StoreId);
        if (settings.CancelUnpaidOrderOnFailure && order.PaymentStatus == PaymentStatus.Pending && _orderProcessingService.CanCancelOrder(order))
            await _orderProcessingService.CancelOrderAsync(order, true);

        return outcome;
    }

    // A declined payment leaves the intent in requires_payment_method, the status a Checkout Session's intent
    // already has before the shopper acts; recording the decline as its own status lets "already in this state"
    // tell a redelivered failure from the first one, so the first failure of a session still gets its note.
    private static string RecordedStatusOf(PaymentIntent intent)
    {
        if (intent.Status == PaymentIntentStatus.RequiresPaymentMethod && intent.LastPaymentError is not null)
            return PaymentRecordStatus.PaymentFailed;

        // An Alipay+ cashier that timed out is recorded as expired, so the shopper's retry opens a fresh one.
        if (intent.Status == PaymentIntentStatus.Canceled && intent.CancellationReason == CancellationReasons.Expired)
            return PaymentRecordStatus.Expired;

        return intent.Status;
    }

    private static string FindMismatch(AlipayPlusPayment payment, Order order, PaymentIntent intent)
    {
        if (!string.IsNullOrEmpty(payment.PaymentIntentId) && !string.Equals(payment.PaymentIntentId, intent.Id, StringComparison.Ordinal))
            return $"it is not the intent of attempt {payment.Attempt} ({payment.PaymentIntentId})";

        if (intent.Metadata is not null && intent.Metadata.TryGetValue(AttemptMetadata.OrderGuid, out var orderGuid)
            && !string.Equals(orderGuid, order.OrderGuid.ToString(), StringComparison.OrdinalIgnoreCase))
            return "its metadata names another order";

        if (!string.Equals(intent.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
            return $"currency {intent.Currency} differs from the order's {payment.Currency}";

        if (intent.Amount != payment.AmountMinor)
            return $"amount {intent.Amount} differs from the order's {payment.AmountMinor} (minor units)";

        if (intent.Status == PaymentIntentStatus.Succeeded && intent.AmountReceived is > 0 && intent.AmountReceived < payment.AmountMinor)
            return $"only {intent.AmountReceived} of {payment.AmountMinor} (minor units) was received";

        return null;
    }


}
