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
using Nop.Services.Logging;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Refunds;

/// <summary>
/// Settles refunds from WooshPay's word: pending ones that succeed or fail later, and refunds made in
/// WooshPay's dashboard, which reach the shop only this way. Applies a refund as WooshPay reports it
/// to its record and its order. The record is written before anything touches the order (a dashboard
/// refund's record is its claim: its key is unique), and each effect on the order is claimed,
/// carried out, noted and only then marked done on the record; a takeover after a crash compares the
/// order's refunded amount with the one the claim saw, so an offline refund is never applied twice.
/// </summary>
public class RefundSettlement
{
    private static readonly TimeSpan BookingGrace = TimeSpan.FromSeconds(5);

    private readonly ClaimStore _claims;
    private readonly IWooshPayClient _client;
    private readonly ILogger _logger;
    private readonly OrderNoteWriter _notes;
    private readonly IOrderPaymentLock _orderLock;
    private readonly IOrderProcessingService _orderProcessingService;
    private readonly IOrderService _orderService;
    private readonly IRepository<Order> _orderTable;
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly RefundRecordStore _refundRecords;
    private readonly ISettingService _settingService;
    private readonly TimeProvider _timeProvider;

    public RefundSettlement(ClaimStore claims,
        IWooshPayClient client,
        ILogger logger,
        OrderNoteWriter notes,
        IOrderPaymentLock orderLock,
        IOrderProcessingService orderProcessingService,
        IOrderService orderService,
        IRepository<Order> orderTable,
        IPaymentRecordStore paymentRecords,
        RefundRecordStore refundRecords,
        ISettingService settingService,
        TimeProvider timeProvider)
    {
        _claims = claims;
        _client = client;
        _logger = logger;
        _notes = notes;
        _orderLock = orderLock;
        _orderProcessingService = orderProcessingService;
        _orderService = orderService;
        _orderTable = orderTable;
        _paymentRecords = paymentRecords;
        _refundRecords = refundRecords;
        _settingService = settingService;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Finds at WooshPay a refund whose answer the shop never got (creating or unknown), by the idempotency key its
    /// metadata carries, and applies it; one WooshPay never made is marked failed once the grace has passed.
    /// </summary>
    public async Task<RefundOutcome> ResolveUnansweredAsync(AlipayPlusRefund record, string source,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!RefundLifecycle.IsUnresolved(record.Status))
            return RefundOutcome.Unchanged;

        var store = await _settingService.ForStoreAsync(record.StoreId);
        var refunds = await _client.ListRefundsAsync(store.Account, record.PaymentIntentId,
            new ListOptions { Limit = ListOptions.MaxLimit }, cancellationToken);
        var made = refunds.Data?.FirstOrDefault(refund => refund.Metadata is not null
            && refund.Metadata.TryGetValue(AttemptMetadata.RefundKey, out var key) && key == record.IdempotencyKey);
        if (made is not null)
            return await ApplyAsync(made, source);

        // A request still on its way could yet create it; after the grace none is, and the amount is free again.
        if (_timeProvider.GetUtcNow().UtcDateTime - record.UpdatedOnUtc < RefundLifecycle.UnknownGrace)
            return RefundOutcome.Unchanged;

        record.Status = RefundStatus.Failed;
        record.FailureReason =
            $"WooshPay has no refund with key {record.IdempotencyKey}; it was never made ({source}).";
        record.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        await _refundRecords.UpdateAsync(record);
        return RefundOutcome.Failed;
    }

    /// <summary>Brings one refund up to date from WooshPay: what a refund
    /// webhook, the admin's sync and reconciliation all do.</summary>
    /// <param name="storeId">The store whose WooshPay account the
    /// refund belongs to (0: the shared configuration).</param>
    /// <param name="refundId">WooshPay's refund id (re_...).</param>
    /// <param name="source">Who asked (webhook event type, "sync", "reconciliation"), for notes and logs.</param>
    public async Task<RefundOutcome> SyncAsync(int storeId, string refundId, string source,
        CancellationToken cancellationToken = default) =>
        await SyncAsync(await _settingService.ForStoreAsync(storeId), refundId, source, cancellationToken);

    /// <param name="store">The configuration of the store whose WooshPay account the refund belongs to.</param>
    public async Task<RefundOutcome> SyncAsync(StoreConfiguration store, string refundId, string source,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        // Applied from what WooshPay says now, never from the event or record that prompted the look.
        var refund = await _client.GetRefundAsync(store.Account, refundId, cancellationToken);
        return await ApplyAsync(refund, source);
    }

    /// <param name="refund">The refund as fetched from WooshPay.</param>
    public async Task<RefundOutcome> ApplyAsync(Refund refund, string source)
    {
        ArgumentNullException.ThrowIfNull(refund);

        var payment = await _paymentRecords.GetByPaymentIntentIdAsync(refund.PaymentIntent);
        if (payment is null)
        {
            await _logger.WarningAsync($"Alipay+: refund {refund.Id} ({source}) is for payment intent " +
                $"{refund.PaymentIntent}, which no order of this shop has.");
            return RefundOutcome.UnknownPayment;
        }

        return await _orderLock.RunAsync(payment.OrderId, () => ApplyLockedAsync(payment, refund));
    }

    private async Task<RefundOutcome> ApplyLockedAsync(AlipayPlusPayment payment, Refund refund)
    {
        var order = await _orderService.GetOrderByIdAsync(payment.OrderId);
        var record = await _refundRecords.GetByRefundIdAsync(refund.Id) ?? await AdoptUnansweredRefundAsync(refund);
        var fromDashboard = false;
        if (record is null)
        {
            if (order is null)
                return RefundOutcome.UnknownPayment;

            record = await RecordDashboardRefundAsync(order, payment, refund);
            fromDashboard = true;
        }

        // nopCommerce books an accepted refund on the order right after the plugin answers, outside the lock;
        // a failure arriving within moments could be reversed before it was booked and leave the order over-counted.
        if (record.BookedOnOrder && refund.Status is RefundStatus.Failed or RefundStatus.Canceled
            && _timeProvider.GetUtcNow().UtcDateTime - record.UpdatedOnUtc < BookingGrace)
            throw new OrderBusyException(record.OrderId);

        // Whether the order counts this refund is what its claims say: the record's own flag can be overwritten by a
        // concurrent whole-row write of the same record (the admin's answer and WooshPay's notice of it).
        record.BookedOnOrder = await IsBookedOnOrderAsync(record);

        var transition = RefundLifecycle.Apply(record.Status, record.BookedOnOrder, refund.Status);
        var outcome = RefundOutcome.Unchanged;
        if (order is not null)
        {
            outcome = transition.Effect switch
            {
                RefundEffect.BookOnOrder => await BookOnOrderAsync(order, payment, record),
                RefundEffect.ReverseOnOrder => await ReverseOnOrderAsync(order, payment, record, refund),
                RefundEffect.NoteSucceeded => await NoteSucceededAsync(record),
                _ => RefundOutcome.Unchanged
            };
        }

        if (outcome == RefundOutcome.Unchanged && transition.Status == record.Status && !fromDashboard)
            return outcome;

        record.Status = transition.Status;
        record.FailureReason = refund.FailureReason;
        record.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        await _refundRecords.UpdateAsync(record);

        // The offline booking wrote the order whole from the copy it read: a count of the admin's refund by
        // nopCommerce that landed in between is gone. Looked for once the record holds what was booked.
        if (outcome == RefundOutcome.DashboardRefundApplied)
            await RestoreLostBookingsAsync(record.OrderId);
        return outcome;
    }

    /// <summary>
    /// The money went back and the order does not count it yet (a dashboard refund, or one whose answer the shop never
    /// got): refund it offline on the order, once.
    /// </summary>
    private async Task<RefundOutcome> BookOnOrderAsync(Order order, AlipayPlusPayment payment, AlipayPlusRefund record)
    {
        // A refund of a payment that did not pay the order (the shopper paid twice) gives money back without touching
        // what the order counts.
        if (!PaidTheOrder(order, payment))
        {
            await NoteOnceAsync(ClaimKeys.RefundNoted(record.Id, RefundStatus.Succeeded), record, afterCrash =>
                AddNoteAsync(afterCrash, record.OrderId, "Order.Note.RefundSucceeded", record.RefundId, Format(record),
                    record.Currency));
            return RefundOutcome.Succeeded;
        }

        var claim = await _claims.TryClaimAsync(ClaimKeys.RefundBooked(record.Id), order.Id, record.Id,
            order.RefundedAmount);
        switch (claim.State)
        {
            case ClaimState.Held:
                throw new OrderBusyException(order.Id);
            case ClaimState.Completed:
                record.BookedOnOrder = true;
                return RefundOutcome.Unchanged;
        }

        order = await ReadOrderAfreshAsync(order.Id);
        var amount = ChargedAmountConverter.ToPrimaryAmount(order, payment, record.AmountMinor);
        var afterCrash = claim.State == ClaimState.TakenOver;

        // A crashed holder's booking shows on the order's refunded amount, counted from what its claim saw: an offline
        // refund of a dead server, or nopCommerce's own count of an admin refund after the plugin's answer.
        var alreadyOnOrder = afterCrash && await OrderCountsAsync(order, record, amount);
        if (alreadyOnOrder)
            record.PrimaryAmountBooked ??= amount;
        if (alreadyOnOrder && !record.FromDashboard)
        {
            // The admin's refund, counted by nopCommerce (with its note) before the crash.
            record.BookedOnOrder = true;
            await _claims.CompleteAsync(claim.Claim);
            return RefundOutcome.Unchanged;
        }

        if (!alreadyOnOrder)
        {
            var isFull = record.AmountMinor >= payment.AmountMinor && order.RefundedAmount == 0;
            if (isFull && _orderProcessingService.CanRefundOffline(order))
            {
                // nopCommerce's offline full refund counts the order total.
                record.PrimaryAmountBooked = order.OrderTotal;
                await _orderProcessingService.RefundOfflineAsync(order);
            }
            else if (_orderProcessingService.CanPartiallyRefundOffline(order, amount))
            {
                record.PrimaryAmountBooked = amount;
                await _orderProcessingService.PartiallyRefundOfflineAsync(order, amount);
            }
            else
            {
                var reason = $"nopCommerce does not allow refunding {amount} more on this order (payment status " +
                    $"{order.PaymentStatus})";
                await AddNoteAsync(afterCrash, order.Id, "Order.Note.RefundNotApplied", record.RefundId, Format(record),
                    record.Currency, reason);
                await _logger.WarningAsync($"Alipay+: refund {record.RefundId} of order {order.Id}: {reason}.");
                await _claims.CompleteAsync(claim.Claim);
                return RefundOutcome.NotApplied;
            }
        }

        // A refund the shop asked for reaches here only when the shop never counted it: its answer was lost, or the
        // server died before nopCommerce booked it.
        await AddNoteAsync(afterCrash, order.Id,
            record.FromDashboard ? "Order.Note.DashboardRefund" : "Order.Note.RefundRecovered", record.RefundId,
            Format(record), record.Currency);
        record.BookedOnOrder = true;
        await _claims.CompleteAsync(claim.Claim);
        return RefundOutcome.DashboardRefundApplied;
    }

    /// <summary>
    /// nopCommerce counted the refund when WooshPay accepted it; a later failure must take it back out, once, so the
    /// order shows what the shopper really got.
    /// </summary>
    private async Task<RefundOutcome> ReverseOnOrderAsync(Order order, AlipayPlusPayment payment,
        AlipayPlusRefund record, Refund refund)
    {
        var claim = await _claims.TryClaimAsync(ClaimKeys.RefundReversed(record.Id), order.Id, record.Id,
            order.RefundedAmount);
        switch (claim.State)
        {
            case ClaimState.Held:
                throw new OrderBusyException(order.Id);
            case ClaimState.Completed:
                record.BookedOnOrder = false;
                return RefundOutcome.Unchanged;
        }

        // The admin's answer for this refund may be booking it right now (it claims the booking, then checks for this
        // claim): wait for it rather than take out nothing from an order about to count it.
        var booking = await _claims.GetAsync(ClaimKeys.RefundBooked(record.Id));
        if (booking is { CompletedOnUtc: null }
            && _timeProvider.GetUtcNow().UtcDateTime - booking.ClaimedOnUtc < ClaimStore.Lease)
        {
            await _claims.ReleaseAsync(claim.Claim);
            throw new OrderBusyException(order.Id);
        }
        if (booking is { CompletedOnUtc: not null })
            record.BookedOnOrder = true;
        else if (booking is not null)
        {
            var counted = await ResolveAbandonedBookingAsync(order, payment, record);
            if (counted is null)
            {
                await _claims.ReleaseAsync(claim.Claim);
                throw new OrderBusyException(order.Id);
            }
            record.BookedOnOrder = counted.Value;
        }

        order = await ReadOrderAfreshAsync(order.Id);
        var afterCrash = claim.State == ClaimState.TakenOver;
        // What nopCommerce counted, not a conversion back from the charged minor units, which can miss it by a cent.
        var primaryAmount = record.BookedOnOrder && PaidTheOrder(order, payment)
            ? record.PrimaryAmountBooked ?? ChargedAmountConverter.ToPrimaryAmount(order, payment, record.AmountMinor)
            : 0m;
        var alreadyTakenOut = afterCrash
            && order.RefundedAmount <= Math.Max(0, claim.Claim.OrderRefundedBefore - primaryAmount) + 0.005m;
        if (primaryAmount > 0 && !alreadyTakenOut)
        {
            order.RefundedAmount = Math.Max(0, order.RefundedAmount - primaryAmount);
            order.PaymentStatus = order.RefundedAmount == 0 ? PaymentStatus.Paid : PaymentStatus.PartiallyRefunded;
            await _orderService.UpdateOrderAsync(order);
        }

        await AddNoteAsync(afterCrash, order.Id, "Order.Note.RefundFailed", refund.Id, Format(record), record.Currency,
            refund.FailureReason ?? refund.Status, primaryAmount);

        // The store owner must hear of it: the shopper was promised money that did not move.
        await _logger.ErrorAsync($"Alipay+: refund {refund.Id} of order {order.Id} ({Format(record)} " +
            $"{record.Currency}) failed at WooshPay: {refund.FailureReason ?? refund.Status}. The order's refunded " +
            "amount was corrected; refund the shopper another way.");

        record.BookedOnOrder = false;
        await _claims.CompleteAsync(claim.Claim);
        return RefundOutcome.Failed;
    }

    /// <summary>
    /// A booking whose holder died (the admin's answer was given, then the server went before nopCommerce counted it,
    /// or a delivery died mid-booking) is settled before a failure is reversed: taken over and closed without booking,
    /// with whether the order counts the refund read off its refunded amount. Null: another server is settling it.
    /// </summary>
    private async Task<bool?> ResolveAbandonedBookingAsync(Order order, AlipayPlusPayment payment,
        AlipayPlusRefund record)
    {
        var booking = await _claims.TryClaimAsync(ClaimKeys.RefundBooked(record.Id), order.Id, record.Id,
            order.RefundedAmount);
        switch (booking.State)
        {
            case ClaimState.Completed:
                return true;
            case ClaimState.Held:
                return null;
            case ClaimState.Won:
                // It vanished in between (released): nothing was booked, and nothing may be now.
                await _claims.ReleaseAsync(booking.Claim);
                return false;
        }

        var fresh = await ReadOrderAfreshAsync(order.Id);
        var counted = PaidTheOrder(fresh, payment)
            && await OrderCountsAsync(fresh, record,
                ChargedAmountConverter.ToPrimaryAmount(fresh, payment, record.AmountMinor));
        await _claims.CompleteAsync(booking.Claim);
        return counted;
    }

    /// <summary>
    /// Whether the order counts <paramref name="record"/>, whose booking's holder died: what the order's refunded
    /// amount holds beyond the refunds known to be on it (completed bookings, less completed reversals) must
    /// take this one in. Comparing with the amount the dead holder's claim saw would be fooled by any other
    /// refund booked since. The admin's request that takes over its own earlier booking asks the same question.
    /// </summary>
    public async Task<bool> OrderCountsAsync(Order freshOrder, AlipayPlusRefund record, decimal amount)
    {
        var others = (await _refundRecords.GetByOrderIdAsync(freshOrder.Id))
            .Where(other => other.Id != record.Id).ToList();
        var claims = await BookingClaimsAsync(others);
        var known = await SumBookedAsync(freshOrder,
            others.Where(other => IsOnOrder(other, claims, whileReversing: true)));

        return ChargedAmountConverter.RefundReached(freshOrder.RefundedAmount, known, amount);
    }

    /// <summary>
    /// Books back on the order what a concurrent whole-order write wiped off it, once. nopCommerce counts the admin's
    /// refund by adding to the copy of the order its request read before asking the plugin, and writes that copy
    /// whole; an offline booking of another refund that landed in between is lost (and the plugin's own offline
    /// booking, equally a whole-row write, can wipe out nopCommerce's count the same way). Neither write can be made
    /// conditional, and the order lock does not cover nopCommerce's, so the refunds themselves are the truth: those
    /// whose booking is done and that no reversal has touched must all be on the order's refunded amount. Nothing
    /// else lowers it: nopCommerce never does, the plugin only in a reversal (which is left out, held or done, since
    /// it takes the amount out before completing its claim), and an admin only by editing the database.
    /// Runs where a lost update shows (after nopCommerce's count of the admin's refund, after the plugin's offline
    /// booking) and in the admin's sync of the order. True when this call booked something back.
    /// </summary>
    public async Task<bool> RestoreLostBookingsAsync(int orderId)
    {
        var shortfall = await FindShortfallAsync(orderId);
        if (shortfall is null)
            return false;

        var claim = await _claims.TryClaimAsync(ClaimKeys.RefundsRestored(orderId, ToHundredths(shortfall.Known)),
            orderId, 0, shortfall.Order.RefundedAmount);
        // Held: another server is booking it back, or died doing so and its claim is resumed by reconciliation.
        return claim.IsMine && await FinishRestoreAsync(claim, shortfall.Known);
    }

    /// <summary>
    /// Restores whose server died before completing them (reconciliation's look, past their lease): the order is
    /// checked first, as the amount may already be back.
    /// </summary>
    public async Task<int> ResumeRestoresAsync(int maxCount = 100)
    {
        var resumed = 0;
        var deadBefore = _timeProvider.GetUtcNow().UtcDateTime - ClaimStore.Lease;
        foreach (var dead in await _claims.GetUnfinishedAsync(ClaimKeys.RefundsRestoredPrefix, deadBefore, maxCount))
        {
            var known = long.Parse(dead.ClaimKey[(dead.ClaimKey.LastIndexOf(':') + 1)..],
                System.Globalization.CultureInfo.InvariantCulture) / 100m;
            var claim = await _claims.TryClaimAsync(dead.ClaimKey, dead.OrderId, 0);
            if (claim.IsMine)
            {
                await FinishRestoreAsync(claim, known);
                resumed++;
            }
        }

        return resumed;
    }

    private async Task<bool> FinishRestoreAsync(ClaimResult claim, decimal claimedKnown)
    {
        var orderId = claim.Claim.OrderId;
        var afterCrash = claim.State == ClaimState.TakenOver;

        // Two servers that saw different sums (a booking completed between their looks) claim different keys: the
        // later of them to look finds the other's claim and steps back, so one books at a time, each after reading
        // what the one before it booked.
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var others = await _claims.GetUnfinishedAsync(ClaimKeys.RefundsRestoredPrefix + orderId + ":",
            now.AddDays(1), 10);
        if (others.Any(other => other.Id != claim.Claim.Id && now - other.ClaimedOnUtc < ClaimStore.Lease))
        {
            if (!afterCrash)
                await _claims.ReleaseAsync(claim.Claim);
            return false;
        }

        var shortfall = await FindShortfallAsync(orderId);
        if (shortfall is null)
        {
            var order = await ReadOrderAfreshAsync(orderId);
            var before = claim.Claim.OrderRefundedBefore;
            if (afterCrash && order is not null && before < claimedKnown
                && ChargedAmountConverter.RefundReached(order.RefundedAmount, before, claimedKnown - before))
            {
                // The dead holder booked it back; its note and warning may be missing.
                await _notes.AddUnlessPresentAsync(orderId, "Order.Note.RefundsRestored", Money(claimedKnown),
                    Money(before), Money(claimedKnown - before));
                await _logger.WarningAsync($"Alipay+: order {orderId} counted {Money(before)} refunded while the " +
                    $"Alipay+ refunds booked on it added up to {Money(claimedKnown)}; {Money(claimedKnown - before)} " +
                    "was booked back by a server that stopped before finishing.");
                await _claims.CompleteAsync(claim.Claim);
            }
            else if (afterCrash)
                await _claims.CompleteAsync(claim.Claim);
            else
                // Nothing done under this key: a later loss with the same sum may still claim it.
                await _claims.ReleaseAsync(claim.Claim);
            return false;
        }

        var fresh = shortfall.Order;
        // A reversal begun since the claim lowers what is known; a booking completed since is on the order already.
        var known = Math.Min(claimedKnown, shortfall.Known);
        var amount = known - fresh.RefundedAmount;
        if (fresh.RefundedAmount == 0 && amount >= fresh.OrderTotal && _orderProcessingService.CanRefundOffline(fresh))
            await _orderProcessingService.RefundOfflineAsync(fresh);
        else if (_orderProcessingService.CanPartiallyRefundOffline(fresh, amount))
            await _orderProcessingService.PartiallyRefundOfflineAsync(fresh, amount);
        else
        {
            await _logger.ErrorAsync($"Alipay+: order {orderId} counts {Money(fresh.RefundedAmount)} refunded, but " +
                $"the Alipay+ refunds booked on it add up to {Money(known)}; nopCommerce does not allow booking " +
                $"{Money(amount)} more (payment status {fresh.PaymentStatus}). Correct the order by hand.");
            await _claims.CompleteAsync(claim.Claim);
            return false;
        }

        await AddNoteAsync(afterCrash, orderId, "Order.Note.RefundsRestored", Money(known),
            Money(fresh.RefundedAmount), Money(amount));
        await _logger.WarningAsync($"Alipay+: order {orderId} counted {Money(fresh.RefundedAmount)} refunded while " +
            $"the Alipay+ refunds booked on it add up to {Money(known)}: a concurrent write of the order had " +
            $"overwritten a refund booking. {Money(amount)} was booked back.");
        await _claims.CompleteAsync(claim.Claim);
        return true;
    }

    private sealed record Shortfall(Order Order, decimal Known);

    /// <summary>
    /// The order, read fresh, when its refunded amount is below the refunds known to be on it by more than rounding
    /// (a cent a refund); null otherwise. The claims are read before the order, so every booking counted was written
    /// on the order before it was read; reversals are read again after, so one that took its amount out in between
    /// is seen (it claims before it takes anything out).
    /// </summary>
    private async Task<Shortfall> FindShortfallAsync(int orderId)
    {
        var records = await _refundRecords.GetByOrderIdAsync(orderId);
        if (records.Count == 0)
            return null;

        var claims = await BookingClaimsAsync(records);
        var order = await ReadOrderAfreshAsync(orderId);
        if (order is null)
            return null;

        var booked = records.Where(record => IsOnOrder(record, claims, whileReversing: false)).ToList();
        if (!await IsShortAsync(order, booked))
            return null;

        var reversed = (await _claims.GetAllAsync(booked.Select(record => ClaimKeys.RefundReversed(record.Id))
            .ToArray())).Select(claim => claim.ClaimKey).ToHashSet(StringComparer.Ordinal);
        booked = booked.Where(record => !reversed.Contains(ClaimKeys.RefundReversed(record.Id))).ToList();
        return await IsShortAsync(order, booked) ? new Shortfall(order, await SumBookedAsync(order, booked)) : null;
    }

    private async Task<bool> IsShortAsync(Order order, IList<AlipayPlusRefund> booked) =>
        booked.Count > 0 && await SumBookedAsync(order, booked) - order.RefundedAmount > 0.01m * booked.Count;

    private async Task<decimal> SumBookedAsync(Order order, IEnumerable<AlipayPlusRefund> booked)
    {
        IList<AlipayPlusPayment> payments = null;
        var sum = 0m;
        foreach (var record in booked)
        {
            if (record.PrimaryAmountBooked is { } amount)
            {
                sum += amount;
                continue;
            }

            payments ??= await _paymentRecords.GetByOrderIdAsync(order.Id);
            var payment = payments.FirstOrDefault(candidate => candidate.Id == record.PaymentId);
            if (payment is not null)
                sum += ChargedAmountConverter.ToPrimaryAmount(order, payment, record.AmountMinor);
        }

        return sum;
    }

    private static long ToHundredths(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);

    private static string Money(decimal amount) =>
        Math.Round(amount, 2, MidpointRounding.AwayFromZero)
            .ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<bool> IsBookedOnOrderAsync(AlipayPlusRefund record) =>
        IsOnOrder(record, await BookingClaimsAsync([record]), whileReversing: true);

    /// <summary>The booking and reversal claims of <paramref name="records"/>, in one round trip.</summary>
    private async Task<IList<AlipayPlusClaim>> BookingClaimsAsync(IList<AlipayPlusRefund> records) =>
        records.Count == 0
            ? []
            : await _claims.GetAllAsync(records
                .SelectMany(record => new[] { ClaimKeys.RefundBooked(record.Id), ClaimKeys.RefundReversed(record.Id) })
                .ToArray());

    /// <summary>
    /// Whether a refund is on its order as far as its claims tell. A booking still open is not: the admin's answer is
    /// waiting for nopCommerce to count it, or its server died first (the booking step waits for the holder or takes
    /// the claim over and checks the order). Refunds recorded before the claims existed carry the flag alone.
    /// </summary>
    /// <param name="whileReversing">Whether a refund whose reversal is under way still counts. It does when judging
    /// whether the order already holds a booking (the reversal has perhaps not taken it out yet); it does not for the
    /// lost-booking repair, which must never book back what a reversal may have taken out already. The repair also
    /// needs the record's flag: a booking nopCommerce refused completes its claim with nothing on the order.</param>
    private static bool IsOnOrder(AlipayPlusRefund record, IList<AlipayPlusClaim> claims, bool whileReversing)
    {
        var reversal = claims.FirstOrDefault(claim => claim.ClaimKey == ClaimKeys.RefundReversed(record.Id));
        if (whileReversing ? reversal?.CompletedOnUtc is not null : reversal is not null)
            return false;

        var booking = claims.FirstOrDefault(claim => claim.ClaimKey == ClaimKeys.RefundBooked(record.Id));
        if (booking is null)
            return record.BookedOnOrder;
        return booking.CompletedOnUtc is not null && (whileReversing || record.BookedOnOrder);
    }

    private async Task<RefundOutcome> NoteSucceededAsync(AlipayPlusRefund record)
    {
        await NoteOnceAsync(ClaimKeys.RefundNoted(record.Id, RefundStatus.Succeeded), record, afterCrash =>
            AddNoteAsync(afterCrash, record.OrderId, "Order.Note.RefundSucceeded", record.RefundId, Format(record),
                record.Currency));
        return RefundOutcome.Succeeded;
    }

    /// <summary>
    /// A refund the shop asked for whose answer never arrived (the record is still "creating" or "unknown"): it is the
    /// shop's own, so it must not be applied again as a dashboard refund. The refund's metadata names the record.
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

    /// <summary>
    /// A refund made in WooshPay's dashboard is recorded before it touches the order: the record's unique key is the
    /// claim, so two servers (or a redelivery after a crash) share one record and book it once.
    /// </summary>
    private async Task<AlipayPlusRefund> RecordDashboardRefundAsync(Order order,
        AlipayPlusPayment payment, Refund refund)
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
            // Recorded as not yet seen, so the first look at its state is a transition.
            Status = RefundStatus.Pending,
            FromDashboard = true,
            CreatedOnUtc = now,
            UpdatedOnUtc = now
        };

        try
        {
            await _refundRecords.InsertAsync(record);
            return record;
        }
        catch (Exception)
        {
            return await _refundRecords.GetByIdempotencyKeyAsync(record.IdempotencyKey)
                ?? throw new InvalidOperationException(
                    $"Alipay+: refund {refund.Id} of order {order.Id} could not be recorded.");
        }
    }

    private async Task NoteOnceAsync(string key, AlipayPlusRefund record, Func<bool, Task> effect)
    {
        if (await _claims.RunOnceAsync(key, record.OrderId, record.Id, effect) == ClaimState.Held)
            throw new OrderBusyException(record.OrderId);
    }

    private Task AddNoteAsync(bool afterCrash, int orderId, string resourceKey, params object[] arguments) => afterCrash
        ? _notes.AddUnlessPresentAsync(orderId, resourceKey, arguments)
        : _notes.AddAsync(orderId, resourceKey, arguments);

    /// <summary>
    /// Whether this payment is the one the order counts as paid (not an extra payment of a shopper who paid twice).
    /// </summary>
    private static bool PaidTheOrder(Order order, AlipayPlusPayment payment) =>
        // An order paid before the plugin recorded its intent on it counts its one payment.
        string.IsNullOrEmpty(order.CaptureTransactionId)
            || string.Equals(order.CaptureTransactionId, payment.PaymentIntentId, StringComparison.Ordinal);

    private static string Format(AlipayPlusRefund record) =>
        PresentmentCurrencies.Format(record.Currency, record.AmountMinor);

    /// <summary>
    /// The order as the database has it now. nopCommerce's order service answers
    /// repeated reads within a request from its short-term cache, which would hide
    /// what another server did since; the repository without a cache key does not.
    /// </summary>
    private Task<Order> ReadOrderAfreshAsync(int orderId) => _orderTable.GetByIdAsync(orderId);
}
