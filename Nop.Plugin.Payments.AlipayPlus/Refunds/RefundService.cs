using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Logging;
using Nop.Services.Payments;

namespace Nop.Plugin.Payments.AlipayPlus.Refunds;

public class RefundService : IRefundService
{
    // Two identical refund requests this close together are one admin's double click, not two refunds.
    public static readonly TimeSpan DoubleClickWindow = TimeSpan.FromSeconds(30);

    private readonly AcceptedRefunds _acceptedRefunds;
    private readonly ClaimStore _claims;
    private readonly IWooshPayClient _client;
    private readonly ILocalizationService _localizationService;
    private readonly ILogger _logger;
    private readonly OrderNoteWriter _notes;
    private readonly IOrderPaymentLock _orderLock;
    private readonly IRepository<Order> _orderTable;
    private readonly RefundSettlement _refundSettlement;
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly RefundRecordStore _refundRecords;
    private readonly ISettingService _settingService;
    private readonly TimeProvider _timeProvider;

    public RefundService(AcceptedRefunds acceptedRefunds,
        ClaimStore claims,
        IWooshPayClient client,
        ILocalizationService localizationService,
        ILogger logger,
        OrderNoteWriter notes,
        IOrderPaymentLock orderLock,
        IRepository<Order> orderTable,
        IPaymentRecordStore paymentRecords,
        RefundRecordStore refundRecords,
        RefundSettlement refundSettlement,
        ISettingService settingService,
        TimeProvider timeProvider)
    {
        _refundSettlement = refundSettlement;
        _acceptedRefunds = acceptedRefunds;
        _claims = claims;
        _client = client;
        _localizationService = localizationService;
        _logger = logger;
        _notes = notes;
        _orderLock = orderLock;
        _orderTable = orderTable;
        _paymentRecords = paymentRecords;
        _refundRecords = refundRecords;
        _settingService = settingService;
        _timeProvider = timeProvider;
    }

    public async Task<RefundPaymentResult> RefundAsync(Order order, decimal amountToRefund, bool isPartialRefund)
    {
        ArgumentNullException.ThrowIfNull(order);

        try
        {
            return await _orderLock.RunAsync(order.Id, () => RefundLockedAsync(order, amountToRefund, isPartialRefund));
        }
        catch (OrderBusyException exception)
        {
            return Error(exception.Message);
        }
    }

    private async Task<RefundPaymentResult> RefundLockedAsync(Order order, decimal amountToRefund, bool isPartialRefund)
    {
        var payments = await _paymentRecords.GetByOrderIdAsync(order.Id);
        // The payment the order counts; a shopper who paid twice has an extra one, refunded from the Alipay+ panel.
        var paid = payments.Where(candidate => candidate.Status == PaymentIntentStatus.Succeeded).ToList();
        var payment = paid.FirstOrDefault(candidate => candidate.PaymentIntentId == order.CaptureTransactionId)
            ?? paid.LastOrDefault();
        if (payment is null)
            return Error(await GetResourceAsync("Refund.NotPaid"));

        var currency = PresentmentCurrencies.Find(payment.Currency);
        var refunds = (await _refundRecords.GetByOrderIdAsync(order.Id))
            .Where(refund => refund.PaymentId == payment.Id)
            .ToList();
        var remaining = payment.AmountMinor - refunds.Where(CountsAgainstPayment).Sum(refund => refund.AmountMinor);
        var requestedMinor = isPartialRefund
            ? ChargedAmountConverter.ToChargedMinorUnits(order, payment, amountToRefund)
            : (long?)null;

        // A refund whose answer was lost (or a crash cut short) is resumed with its own key when the admin asks for the
        // same amount again: WooshPay answers with the refund it made, or makes it once. Its amount is already counted
        // in "remaining", so it is added back before checking the request against the balance.
        var unfinished = refunds.FirstOrDefault(refund => RefundLifecycle.IsUnresolved(refund.Status)
            && refund.AmountMinor == (requestedMinor ?? remaining + refund.AmountMinor));
        if (unfinished is not null)
            remaining += unfinished.AmountMinor;
        else if (refunds.FirstOrDefault(refund => RefundLifecycle.IsUnresolved(refund.Status)) is { } unresolved
            && requestedMinor is null)
            // A full refund would have to count money WooshPay may already have sent back.
            return Error(string.Format(await GetResourceAsync("Refund.OutcomeUnknown"),
                currency.Format(unresolved.AmountMinor), unresolved.Currency));

        var amountMinor = requestedMinor ?? remaining;

        if (amountMinor <= 0 || amountMinor > remaining)
            return Error(string.Format(await GetResourceAsync("Refund.TooLarge"),
                currency.Format(amountMinor), payment.Currency, currency.Format(Math.Max(remaining, 0))));

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if (unfinished is null && refunds.Any(refund => !refund.FromDashboard && refund.AmountMinor == amountMinor
                && refund.Status is RefundStatus.Pending or RefundStatus.Succeeded
                && now - refund.CreatedOnUtc < DoubleClickWindow))
            return Error($"An identical refund of {currency.Format(amountMinor)} {payment.Currency} was requested " +
                "moments ago; it was not sent again.");

        var record = unfinished ?? await RecordNewRefundAsync(order, payment, refunds.Count + 1, amountMinor, now);
        var store = await _settingService.ForStoreAsync(order.StoreId);

        Refund refund;
        try
        {
            refund = await _client.CreateRefundAsync(store.Account, new RefundCreateRequest
            {
                PaymentIntent = payment.PaymentIntentId,
                Amount = amountMinor,
                Reason = RefundReasons.RequestedByCustomer,
                Metadata = new Dictionary<string, string>
                {
                    [AttemptMetadata.OrderGuid] = order.OrderGuid.ToString(),
                    [AttemptMetadata.OrderId] = order.Id.ToString(),
                    [AttemptMetadata.RefundKey] = record.IdempotencyKey
                }
            }, record.IdempotencyKey);
        }
        catch (WooshPayException exception)
        {
            await RecordCreateErrorAsync(record, exception, sentBefore: unfinished is not null);

            await _logger.WarningAsync($"Alipay+: refund of order {order.Id} was not accepted by WooshPay " +
                $"({record.Status}): {exception.Message}");
            return Error(record.Status == RefundRecordStatus.Unknown
                ? $"{exception.Message} The refund's outcome is not known yet; it stays reserved. Click \"Sync with " +
                    "WooshPay\" in the Alipay+ panel, or ask for the same amount again to resume it."
                : exception.Message);
        }

        var accepted = refund.Status != RefundStatus.Failed;
        if (accepted)
        {
            // nopCommerce books what this answer accepts; if WooshPay's notice of the refund got here
            // first and booked it offline, the order already counts it and must not count it twice.
            var booking = await _claims.TryClaimAsync(ClaimKeys.RefundBooked(record.Id), order.Id, record.Id,
                order.RefundedAmount);
            if (!booking.IsMine)
            {
                // Booked (or being booked) from WooshPay's notice of it: nopCommerce
                // must not count it as well. A booking still held is finished by that
                // notice's redelivery or reconciliation, never assumed done here.
                record.RefundId = refund.Id;
                record.Status = refund.Status ?? RefundStatus.Pending;
                record.BookedOnOrder = booking.State == ClaimState.Completed;
                record.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
                await _refundRecords.UpdateAsync(record);
                return Error(booking.State == ClaimState.Completed
                    ? $"Refund {refund.Id} was already applied to the order from WooshPay's notice of it."
                    : $"Refund {refund.Id} was made and is being applied to the order from WooshPay's notice of it; " +
                        "reload the order in a moment.");
            }

            // WooshPay's notice that the refund failed got here first (and took nothing off the order, which did not
            // count it yet): nopCommerce must not count it now.
            if (await _claims.GetAsync(ClaimKeys.RefundReversed(record.Id)) is not null)
            {
                await _claims.ReleaseAsync(booking.Claim);
                return Error($"WooshPay has already reported refund {refund.Id} as failed; nothing was refunded.");
            }

            // An earlier answer for this refund was cut short (the admin asks again
            // after a crash): nopCommerce may have counted it before the crash, which
            // the order's refunded amount shows against what the first claim saw.
            if (booking.State == ClaimState.TakenOver && await CountedAsync(order, payment, record))
            {
                await _claims.CompleteAsync(booking.Claim);
                record.RefundId = refund.Id;
                record.Status = refund.Status ?? RefundStatus.Pending;
                record.BookedOnOrder = true;
                record.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
                await _refundRecords.UpdateAsync(record);
                return Error($"Refund {refund.Id} was already applied to the order.");
            }

            // Done only once nopCommerce has counted it, after this answer: until then a crash leaves the claim to be
            // taken over by the refund's next delivery, which books what the order is missing.
            _acceptedRefunds.AwaitNopCommerce(booking.Claim);
        }

        record.RefundId = refund.Id;
        record.Status = refund.Status ?? RefundStatus.Pending;
        // Answered with success below, so nopCommerce adds it to the order's refunded amount: exactly the amount it
        // asked for (the order total for a full refund), which a later failure takes back out.
        record.BookedOnOrder = record.Status != RefundStatus.Failed;
        record.PrimaryAmountBooked = record.BookedOnOrder ? amountToRefund : null;
        record.FailureReason = refund.FailureReason;
        record.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        await _refundRecords.UpdateAsync(record);

        if (record.Status == RefundStatus.Failed)
            return Error($"WooshPay refused refund {refund.Id}: {refund.FailureReason}");

        await _notes.AddAsync(order.Id, "Order.Note.Refund", refund.Id, currency.Format(amountMinor),
            payment.Currency, record.Status);

        var refundedAfter = payment.AmountMinor - remaining + amountMinor;
        return new RefundPaymentResult
        {
            NewPaymentStatus = refundedAfter >= payment.AmountMinor
                ? PaymentStatus.Refunded
                : PaymentStatus.PartiallyRefunded
        };
    }

    public async Task<RefundPaymentResult> RefundExtraPaymentAsync(Order order, int attempt)
    {
        ArgumentNullException.ThrowIfNull(order);

        try
        {
            return await _orderLock.RunAsync(order.Id, () => RefundExtraPaymentLockedAsync(order, attempt));
        }
        catch (OrderBusyException exception)
        {
            return Error(exception.Message);
        }
    }

    private async Task<RefundPaymentResult> RefundExtraPaymentLockedAsync(Order order, int attempt)
    {
        var payment = (await _paymentRecords.GetByOrderIdAsync(order.Id))
            .FirstOrDefault(candidate => candidate.Attempt == attempt);
        if (payment is null || payment.Status != PaymentIntentStatus.Succeeded)
            return Error($"Attempt {attempt} of this order has no successful Alipay+ payment to refund.");
        if (string.Equals(payment.PaymentIntentId, order.CaptureTransactionId, StringComparison.Ordinal))
            return Error($"Payment {payment.PaymentIntentId} is the one the order counts as paid; refund it with the " +
                "order's Refund button.");

        // One full refund per extra payment, recorded first under a key of its own: the record is the claim, so a
        // double click (or a second admin) resumes the same refund instead of sending another.
        var key = IdempotencyKeys.ExtraPaymentRefund(order.OrderGuid, attempt);
        var record = (await _refundRecords.GetByOrderIdAsync(order.Id))
            .FirstOrDefault(refund => refund.IdempotencyKey == key);
        if (record is not null && !RefundLifecycle.IsUnresolved(record.Status) && record.Status != RefundStatus.Failed)
            return Error($"The extra payment {payment.PaymentIntentId} was already refunded ({record.RefundId}, " +
                $"{record.Status}).");

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var sentBefore = record is not null && RefundLifecycle.IsUnresolved(record.Status);
        if (record is null)
        {
            record = new AlipayPlusRefund
            {
                StoreId = order.StoreId, OrderId = order.Id, PaymentId = payment.Id,
                PaymentIntentId = payment.PaymentIntentId,
                IdempotencyKey = key, AmountMinor = payment.AmountMinor, Currency = payment.Currency,
                Status = RefundRecordStatus.Creating, CreatedOnUtc = now, UpdatedOnUtc = now
            };
            try
            {
                await _refundRecords.InsertAsync(record);
            }
            catch (Exception)
            {
                return Error($"A refund of the extra payment {payment.PaymentIntentId} is already being sent.");
            }
        }
        else if (record.Status == RefundStatus.Failed)
        {
            // A failed refund of it leaves the money with the shop: the admin may try again, as the same request.
            record.Status = RefundRecordStatus.Creating;
        }

        var store = await _settingService.ForStoreAsync(order.StoreId);
        Refund refund;
        try
        {
            refund = await _client.CreateRefundAsync(store.Account, new RefundCreateRequest
            {
                PaymentIntent = payment.PaymentIntentId,
                Amount = payment.AmountMinor,
                Reason = RefundReasons.Duplicate,
                Metadata = new Dictionary<string, string>
                {
                    [AttemptMetadata.OrderGuid] = order.OrderGuid.ToString(),
                    [AttemptMetadata.OrderId] = order.Id.ToString(),
                    [AttemptMetadata.RefundKey] = key
                }
            }, key);
        }
        catch (WooshPayException exception)
        {
            await RecordCreateErrorAsync(record, exception, sentBefore);
            return Error(exception.Message);
        }

        // Never counted on the order: the order's own payment is untouched.
        record.RefundId = refund.Id;
        record.Status = refund.Status ?? RefundStatus.Pending;
        record.FailureReason = refund.FailureReason;
        record.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        await _refundRecords.UpdateAsync(record);
        await _notes.AddAsync(order.Id, "Order.Note.Refund", refund.Id,
            PresentmentCurrencies.Format(payment.Currency, payment.AmountMinor), payment.Currency, record.Status);

        return record.Status == RefundStatus.Failed
            ? Error($"WooshPay refused refund {refund.Id}: {refund.FailureReason}")
            : new RefundPaymentResult();
    }

    /// <summary>
    /// No answer, a 409 (the key is in use) or an idempotency error may hide a refund WooshPay made; so may any
    /// refusal of a request sent before. Such a refund becomes "unknown" and keeps holding its amount until
    /// Sync or reconciliation finds it by its key. Only a first request refused outright failed for sure.
    /// </summary>
    private Task RecordCreateErrorAsync(AlipayPlusRefund record, WooshPayException exception, bool sentBefore)
    {
        var outcomeUnknown = exception.IsTransient || exception.HttpStatus == 409 || exception.IsIdempotencyError;
        record.Status = RefundLifecycle.AfterCreateError(outcomeUnknown, sentBefore);
        record.FailureReason = exception.Message;
        record.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        return _refundRecords.UpdateAsync(record);
    }

    private async Task<AlipayPlusRefund> RecordNewRefundAsync(Order order, AlipayPlusPayment payment, int refundNumber,
        long amountMinor, DateTime now)
    {
        var record = new AlipayPlusRefund
        {
            StoreId = order.StoreId,
            OrderId = order.Id,
            PaymentId = payment.Id,
            PaymentIntentId = payment.PaymentIntentId,
            IdempotencyKey = IdempotencyKeys.Refund(order.OrderGuid, refundNumber, amountMinor),
            AmountMinor = amountMinor,
            Currency = payment.Currency,
            Status = PaymentRecordStatus.Creating,
            CreatedOnUtc = now,
            UpdatedOnUtc = now
        };
        await _refundRecords.InsertAsync(record);
        return record;
    }

    private async Task<bool> CountedAsync(Order order, AlipayPlusPayment payment, AlipayPlusRefund record)
    {
        var fresh = await _orderTable.GetByIdAsync(order.Id);
        return await _refundSettlement.OrderCountsAsync(fresh, record,
            ChargedAmountConverter.ToPrimaryAmount(fresh, payment, record.AmountMinor));
    }

    /// <summary>
    /// Failed refunds gave the money back to the refundable balance; every other state holds it.
    /// </summary>
    private static bool CountsAgainstPayment(AlipayPlusRefund refund) => RefundLifecycle.HoldsBalance(refund.Status);

    private Task<string> GetResourceAsync(string key)
    {
        return _localizationService.GetResourceAsync(AlipayPlusDefaults.LocaleResourcePrefix + key);
    }

    private static RefundPaymentResult Error(string message)
    {
        var result = new RefundPaymentResult();
        result.AddError(message);
        return result;
    }
}
