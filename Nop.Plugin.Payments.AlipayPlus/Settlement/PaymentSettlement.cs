using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;
using Nop.Services.Logging;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

/// <summary>
/// The one settlement path, the file that decides whether an order is paid: webhooks, the shopper's return, the
/// admin's sync and reconciliation all bring a PaymentIntent fetched from WooshPay here, and the order changes at
/// most once. Applies an attempt's PaymentIntent to its order. The attempt's lifecycle (<see cref="AttemptLifecycle"/>)
/// decides what must happen; each effect on the order is claimed in the database first and carried out only by
/// the claimer, in an order of steps a crash can interrupt anywhere: claim, effect, note, complete the claim,
/// record the attempt. A claim left unfinished is taken over after its lease by the next delivery, return,
/// sync or reconciliation, which checks what was already done (the order paid with this intent, the note
/// written) and does only the rest. The order lock only spares duplicate work; it guarantees nothing.
/// </summary>
public class PaymentSettlement
{
    private readonly ClaimStore _claims;
    private readonly IEnumerable<IPaymentFlow> _flows;
    private readonly ILogger _logger;
    private readonly OrderNoteWriter _notes;
    private readonly IOrderPaymentLock _orderLock;
    private readonly IOrderProcessingService _orderProcessingService;
    private readonly IOrderService _orderService;
    private readonly IRepository<Order> _orderTable;
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly ISettingService _settingService;
    private readonly TimeProvider _timeProvider;

    public PaymentSettlement(ClaimStore claims,
        IEnumerable<IPaymentFlow> flows,
        OrderNoteWriter notes,
        ILogger logger,
        IOrderPaymentLock orderLock,
        IOrderProcessingService orderProcessingService,
        IOrderService orderService,
        IRepository<Order> orderTable,
        IPaymentRecordStore paymentRecords,
        ISettingService settingService,
        TimeProvider timeProvider)
    {
        _claims = claims;
        _flows = flows;
        _notes = notes;
        _logger = logger;
        _orderLock = orderLock;
        _orderProcessingService = orderProcessingService;
        _orderService = orderService;
        _orderTable = orderTable;
        _paymentRecords = paymentRecords;
        _settingService = settingService;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Asks WooshPay for an attempt's current state and settles the order from it: what a webhook, the shopper's
    /// return, the admin's sync and reconciliation all do.
    /// </summary>
    /// <param name="store">The attempt's store configuration when the caller already has it (a webhook for that
    /// store); loaded otherwise.</param>
    public async Task<SyncResult> SyncAsync(AlipayPlusPayment payment, string source,
        CancellationToken cancellationToken = default, StoreConfiguration store = null)
    {
        ArgumentNullException.ThrowIfNull(payment);

        // Nothing exists at WooshPay for an attempt it refused or never confirmed.
        if (string.IsNullOrEmpty(payment.PaymentIntentId) && string.IsNullOrEmpty(payment.CheckoutSessionId))
            return new SyncResult(payment.Status, SettlementOutcome.Pending, payment.Status, payment.Status);

        var statusBefore = payment.Status;
        if (store?.StoreId != payment.StoreId)
            store = await _settingService.ForStoreAsync(payment.StoreId);
        var flow = _flows.First(candidate => candidate.Flow == payment.Flow);
        var intent = await flow.FetchIntentAsync(store.Account, payment, cancellationToken);
        var outcome = await ApplyAsync(payment, intent, source);

        return new SyncResult(intent.Status, outcome, statusBefore, payment.Status);
    }

    /// <param name="payment">The attempt the intent was created for. On return it carries the status, last event and
    /// update time the attempt is stored with, whoever changed them.</param>
    /// <param name="intent">The intent as WooshPay reports it now
    /// (never taken from a query string or an unverified body).</param>
    /// <param name="source">Who brought it (webhook event type,
    /// "return", "sync", "reconciliation"), for notes and logs.</param>
    public Task<SettlementOutcome> ApplyAsync(AlipayPlusPayment payment, PaymentIntent intent, string source)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(intent);

        return _orderLock.RunAsync(payment.OrderId, async () =>
        {
            // Any report but a success is judged against the attempt as it is now, read after the look at WooshPay: the
            // plugin may have marked it closing meanwhile, and a cancellation it asked for must not cancel the order. A
            // success settles the same way whatever the attempt is recorded as (the order-paid claim decides), so the
            // caller's copy serves and saves the read.
            var stored = intent.Status == PaymentIntentStatus.Succeeded
                ? payment
                : await _paymentRecords.GetByIdAsync(payment.Id);
            var outcome = await ApplyToStoredAsync(stored, intent, source);

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

    /// <summary>
    /// Marks an attempt the plugin is about to cancel at WooshPay, under the same lock as settlement, so a payment
    /// settled a moment ago is never overwritten. False when the attempt is paid (or gone) and must not be closed.
    /// </summary>
    /// <param name="closingStatus"><see cref="PaymentRecordStatus.Closing"/> to open a new attempt, or
    /// <see cref="PaymentRecordStatus.Abandoning"/> for one left
    /// unpaid; a close for a retry already under way stays one.</param>
    public Task<bool> MarkClosingAsync(AlipayPlusPayment payment, string closingStatus = PaymentRecordStatus.Closing)
    {
        ArgumentNullException.ThrowIfNull(payment);

        return _orderLock.RunAsync(payment.OrderId, async () =>
        {
            var stored = await _paymentRecords.GetByIdAsync(payment.Id);
            if (stored is null || !AttemptLifecycle.CanClose(stored.Status))
                return false;

            // A payment settled by another server since the read above is not hidden: settlement records the
            // attempt's success after completing its claim, and the check below sees that claim.
            var paidBy = await _claims.GetAsync(ClaimKeys.OrderPaid(stored.OrderId));
            if (paidBy is not null && paidBy.SubjectId == stored.Id)
                return false;

            if (stored.Status != PaymentRecordStatus.Closing)
                stored.Status = closingStatus;
            stored.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
            await _paymentRecords.UpdateAsync(stored);
            payment.Status = stored.Status;
            payment.UpdatedOnUtc = stored.UpdatedOnUtc;
            return true;
        });
    }

    private async Task<SettlementOutcome> ApplyToStoredAsync(AlipayPlusPayment payment,
        PaymentIntent intent, string source)
    {
        if (payment is null)
            return await OrderGoneAsync(intent, source);

        var report = new IntentReport(intent.Status, intent.LastPaymentError is not null, intent.CancellationReason);
        var transition = AttemptLifecycle.Apply(payment.Status, report);

        // A success reads the order only once its claim is settled: a read before the claim would be stale by then.
        if (transition.Effect == AttemptEffect.SettlePaid)
        {
            var paid = await SettlePaidAsync(payment, intent, source);
            if (paid is not (SettlementOutcome.OrderNotFound or SettlementOutcome.Mismatch))
                await RecordAsync(payment, report, transition.Status, source);
            return paid;
        }

        var order = await _orderService.GetOrderByIdAsync(payment.OrderId);
        if (order is null || order.Deleted)
            return await OrderGoneAsync(intent, source);

        var mismatch = FindMismatch(payment, order, intent);
        if (mismatch is not null)
            return await NoteMismatchAsync(order, intent, source, mismatch);

        var outcome = transition.Effect switch
        {
            AttemptEffect.NoteFailure => await CloseOnceAsync(order, payment, transition, true, "Order.Note.Failed",
                intent.Id, intent.LastPaymentError?.Message ?? intent.LastPaymentError?.Code),
            AttemptEffect.NoteCancellation => await CloseOnceAsync(order, payment, transition, true,
                "Order.Note.Canceled", intent.Id, intent.CancellationReason ?? PaymentIntentStatus.Canceled),
            AttemptEffect.NoteClosedByPlugin => await CloseOnceAsync(order, payment, transition, false,
                "Order.Note.Canceled", intent.Id, intent.CancellationReason ?? PaymentIntentStatus.Canceled),
            AttemptEffect.NoteAbandoned => await CloseOnceAsync(order, payment, transition, false,
                "Order.Note.Abandoned", intent.Id, payment.Attempt),
            _ => Reported(transition.Outcome)
        };

        await RecordAsync(payment, report, transition.Status, source);
        return outcome;
    }

    /// <summary>
    /// The order is marked paid by exactly one payment: the one that claims "order paid" first. A later payment for
    /// the same order is the shopper paying twice and is flagged instead.
    /// </summary>
    private async Task<SettlementOutcome> SettlePaidAsync(AlipayPlusPayment payment,
        PaymentIntent intent, string source)
    {
        var orderId = payment.OrderId;
        var claim = await _claims.TryClaimAsync(ClaimKeys.OrderPaid(orderId), orderId, payment.Id);
        if (claim.State == ClaimState.Held)
            // Another server is marking it paid right now; WooshPay's
            // redelivery or the shopper's next look finds it done.
            throw new OrderBusyException(orderId);

        // A cancellation of the order as left unpaid claims its own key, then looks for this one: while it is
        // under way this payment waits (WooshPay redelivers, the shopper's page looks again); once it is done, the
        // order read below says whether it was cancelled, and the payment is then kept visible as "paid but order
        // closed". A holder gone past its lease is not waited for: its takeover sees this payment's claim and cancels
        // nothing. The flag of a payment that did not match its order's total is read in the same round trip.
        var flaggedAsDiffering = false;
        if (claim.IsMine)
        {
            var cancellationKey = ClaimKeys.UnpaidOrderCanceled(orderId);
            var found = await _claims.GetAllAsync(cancellationKey, ClaimKeys.AmountDiffers(payment.Id));
            var cancellation = found.FirstOrDefault(row => row.ClaimKey == cancellationKey);
            if (cancellation is not null && cancellation.CompletedOnUtc is null
                && _timeProvider.GetUtcNow().UtcDateTime - cancellation.ClaimedOnUtc < ClaimStore.Lease)
            {
                if (claim.State == ClaimState.Won)
                    await _claims.ReleaseAsync(claim.Claim);
                throw new OrderBusyException(orderId);
            }

            flaggedAsDiffering = found.Count > (cancellation is null ? 0 : 1);
        }

        // Read now that the claim is settled, past nopCommerce's per-request cache: what an earlier holder, another
        // server or the admin did is on the order.
        var order = await ReadOrderAfreshAsync(orderId);
        var problem = order is null || order.Deleted ? null : FindMismatch(payment, order, intent);
        if (order is null || order.Deleted || problem is not null)
        {
            if (claim.IsMine)
                await _claims.ReleaseAsync(claim.Claim);
            return problem is null
                ? await OrderGoneAsync(intent, source)
                : await NoteMismatchAsync(order, intent, source, problem);
        }

        if (claim.State == ClaimState.Completed)
            // The order names the payment that paid it: a takeover may have finished another attempt's work, so the
            // claim's subject is not the test.
            return string.Equals(order.CaptureTransactionId, intent.Id, StringComparison.Ordinal)
                ? SettlementOutcome.AlreadyPaid
                : await FlagExtraPaymentAsync(order, payment, intent, source);

        var paidWithThisIntent = string.Equals(order.CaptureTransactionId, intent.Id, StringComparison.Ordinal);
        if (IsPaid(order) && !paidWithThisIntent)
        {
            // Paid by hand, by a payment older than the claims, or by another attempt whose holder
            // crashed after marking it paid: this payment is the extra one. In the last case that
            // attempt's note is written first, since this takeover is what finishes its work.
            var paidBy = claim.Abandoned is { } abandoned && abandoned.SubjectId != payment.Id
                ? await _paymentRecords.GetByIdAsync(abandoned.SubjectId)
                : null;
            if (paidBy is not null
                && string.Equals(order.CaptureTransactionId, paidBy.PaymentIntentId, StringComparison.Ordinal))
            {
                await _notes.AddUnlessPresentAsync(order.Id, "Order.Note.Paid", paidBy.PaymentIntentId,
                    PresentmentCurrencies.Format(paidBy.Currency, paidBy.AmountMinor), paidBy.Currency, source);
                await _claims.CompleteAsync(claim.Claim, paidBy.Id);
            }
            else
                await _claims.CompleteAsync(claim.Claim, 0);

            return await FlagExtraPaymentAsync(order, payment, intent, source);
        }

        if (!IsPaid(order) && !_orderProcessingService.CanMarkOrderAsPaid(order))
        {
            // Money was taken for an order the shop closed meanwhile: keep it visible, never drop it.
            // The claim is given back, so the payment can still settle the order if the shop reopens it.
            await NoteOnceAsync(ClaimKeys.PaidButOrderClosed(payment.Id), order, payment, async afterCrash =>
            {
                var reason = $"the payment succeeded but order status {order.OrderStatus} / payment status " +
                    $"{order.PaymentStatus} cannot be marked paid; refund it or reopen the order";
                await AddNoteAsync(afterCrash, order.Id, "Order.Note.Mismatch", intent.Id, reason);
                await _logger.WarningAsync($"Alipay+: order {order.Id}: {reason} ({intent.Id}, {source}).");
            });
            await _claims.ReleaseAsync(claim.Claim);
            return SettlementOutcome.PaidButOrderClosed;
        }

        // The attempt's amount was the order's total when it opened; the admin may have edited the total since ("Edit
        // order totals"). Such a payment must not pay the order. The claim is given back afterwards, so another payment
        // (or the admin) can still settle the order; the flag, written first, keeps this payment from ever paying it.
        if (!IsPaid(order) && (flaggedAsDiffering || DiffersFromOrderTotal(order, payment)))
        {
            var outcome = await FlagAmountDiffersAsync(order, payment, intent, source);
            await _claims.ReleaseAsync(claim.Claim);
            return outcome;
        }

        // An order already paid with this intent means an earlier holder got this far before it died, whatever the
        // claim says: a takeover's delete and re-insert leave a moment in which another server's insert simply wins.
        var finishing = claim.State == ClaimState.TakenOver || IsPaid(order);
        if (!IsPaid(order))
        {
            // The intent goes on the order first, so a takeover can tell "paid by this payment" from "paid by hand".
            order.CaptureTransactionId = intent.Id;
            order.CaptureTransactionResult = intent.Status;
            await _orderService.UpdateOrderAsync(order);
            await _orderProcessingService.MarkOrderAsPaidAsync(order);
        }

        var amount = PresentmentCurrencies.Format(payment.Currency, payment.AmountMinor);
        await AddNoteAsync(finishing, order.Id, "Order.Note.Paid", intent.Id, amount, payment.Currency, source);

        await _claims.CompleteAsync(claim.Claim);
        return SettlementOutcome.Paid;
    }

    private async Task<SettlementOutcome> FlagExtraPaymentAsync(Order order, AlipayPlusPayment payment,
        PaymentIntent intent, string source)
    {
        // Already flagged for not matching the order's total: it is the same money to give back, told once.
        if (await IsFlaggedAsDifferingAsync(payment))
            return await FlagAmountDiffersAsync(order, payment, intent, source);

        await NoteOnceAsync(ClaimKeys.ExtraPayment(payment.Id), order, payment, async afterCrash =>
        {
            var amount = PresentmentCurrencies.Format(payment.Currency, payment.AmountMinor);
            var paidBy = string.IsNullOrEmpty(order.CaptureTransactionId)
                ? "marked paid without an Alipay+ payment"
                : $"by {order.CaptureTransactionId}";
            await AddNoteAsync(afterCrash, order.Id, "Order.Note.ExtraPayment", intent.Id, amount,
                payment.Currency, paidBy);

            // The shop owner must hear of it: WooshPay holds two payments for one order.
            await _logger.ErrorAsync($"Alipay+: order {order.Id} was paid twice: payment {intent.Id} of {amount} " +
                $"{payment.Currency} ({source}) arrived after the order was paid {paidBy}. Refund the extra payment " +
                "from the order's Alipay+ panel.");
        });

        return SettlementOutcome.ExtraPayment;
    }

    /// <summary>
    /// A payment whose amount is not the order's current total is handled as an extra
    /// payment: the order is not marked paid, the shop owner is told once (note
    /// and error log), and the order's Alipay+ panel offers to refund it in full.
    /// </summary>
    private async Task<SettlementOutcome> FlagAmountDiffersAsync(Order order, AlipayPlusPayment payment,
        PaymentIntent intent, string source)
    {
        await NoteOnceAsync(ClaimKeys.AmountDiffers(payment.Id), order, payment, async afterCrash =>
        {
            var paid = PresentmentCurrencies.Format(payment.Currency, payment.AmountMinor);
            var total = PresentmentCurrencies.Format(payment.Currency, ChargedTotalOf(order, payment));
            await AddNoteAsync(afterCrash, order.Id, "Order.Note.AmountDiffers", intent.Id, paid,
                payment.Currency, total);
            await _logger.ErrorAsync(
                $"Alipay+: order {order.Id} was NOT marked paid: payment {intent.Id} of {paid} {payment.Currency} " +
                $"({source}) does not match the order total of {total} {payment.Currency} (edited after the payment " +
                "was opened). Refund it from the order's Alipay+ panel or mark the order paid by hand.");
        });

        return SettlementOutcome.ExtraPayment;
    }

    private async Task<SettlementOutcome> OrderGoneAsync(PaymentIntent intent, string source)
    {
        await _logger.WarningAsync(
            $"Alipay+: payment intent {intent.Id} ({source}) refers to an order that no longer exists.");
        return SettlementOutcome.OrderNotFound;
    }

    private async Task<SettlementOutcome> NoteMismatchAsync(Order order, PaymentIntent intent, string source,
        string mismatch)
    {
        await _notes.AddAsync(order.Id, "Order.Note.Mismatch", intent.Id, mismatch);
        await _logger.WarningAsync(
            $"Alipay+: payment intent {intent.Id} ({source}) was not applied to order {order.Id}: {mismatch}");
        return SettlementOutcome.Mismatch;
    }

    private async Task<bool> IsFlaggedAsDifferingAsync(AlipayPlusPayment payment) =>
        await _claims.GetAsync(ClaimKeys.AmountDiffers(payment.Id)) is not null;

    /// <summary>
    /// The order's total as the checkout charges it: in the payment's currency, at the order's rate, rounded to minor
    /// units the same way; an unedited order matches its payment up to what the database's 4 decimals can explain.
    /// </summary>
    private static long ChargedTotalOf(Order order, AlipayPlusPayment payment) =>
        ChargedAmountConverter.ToChargedMinorUnits(order, payment, order.OrderTotal);

    private static bool DiffersFromOrderTotal(Order order, AlipayPlusPayment payment) =>
        Math.Abs(ChargedTotalOf(order, payment) - payment.AmountMinor)
            > ChargedAmountConverter.StoredRoundingAllowance(order, payment);

    private async Task<SettlementOutcome> CloseOnceAsync(Order order, AlipayPlusPayment payment,
        AttemptTransition transition, bool mayCancelOrder, string noteKey, params object[] noteArguments)
    {
        await NoteOnceAsync(ClaimKeys.AttemptClosed(payment.Id, transition.Status), order, payment, async afterCrash =>
        {
            await AddNoteAsync(afterCrash, order.Id, noteKey, noteArguments);
            if (!mayCancelOrder)
                return;

            var current = await ReadOrderAfreshAsync(order.Id);
            var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(current.StoreId);
            if (settings.CancelUnpaidOrderOnFailure && current.PaymentStatus == PaymentStatus.Pending
                && _orderProcessingService.CanCancelOrder(current))
                await _orderProcessingService.CancelOrderAsync(current, true);
        });

        return Reported(transition.Outcome);
    }

    /// <summary>
    /// Runs a note-writing effect once, under its own claim; the effect is told when it finishes a crashed holder's
    /// work, so it writes only what is not there yet.
    /// </summary>
    private async Task NoteOnceAsync(string key, Order order, AlipayPlusPayment payment, Func<bool, Task> effect)
    {
        if (await _claims.RunOnceAsync(key, order.Id, payment.Id, effect) == ClaimState.Held)
            throw new OrderBusyException(order.Id);
    }

    private Task AddNoteAsync(bool afterCrash, int orderId, string resourceKey, params object[] arguments) => afterCrash
        ? _notes.AddUnlessPresentAsync(orderId, resourceKey, arguments)
        : _notes.AddAsync(orderId, resourceKey, arguments);

    private async Task RecordAsync(AlipayPlusPayment payment, IntentReport report, string status, string source)
    {
        // What another server recorded since this one read the attempt (a payment, a decline,
        // a close) wins over a look at WooshPay taken before it: the report is applied again
        // to the row as it is now, just before writing (reconciliation repairs the rare
        // write that still slips between the two). A payment is final and needs no look.
        if (status != PaymentIntentStatus.Succeeded)
        {
            var latest = await _paymentRecords.GetByIdAsync(payment.Id);
            if (latest is not null && latest.Status != payment.Status)
                status = AttemptLifecycle.Apply(latest.Status, report).Status;
            if (latest?.Status == status && latest.Status != payment.Status)
            {
                payment.Status = latest.Status;
                return;
            }
        }

        payment.Status = status;
        payment.LastEventType = source;
        payment.LastEventOnUtc = payment.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        await _paymentRecords.UpdateAsync(payment);
    }

    private static bool IsPaid(Order order) => order.PaymentStatus is PaymentStatus.Paid
        or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded;

    private static SettlementOutcome Reported(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Paid => SettlementOutcome.Paid,
        AttemptOutcome.AlreadyPaid => SettlementOutcome.AlreadyPaid,
        AttemptOutcome.Failed => SettlementOutcome.Failed,
        AttemptOutcome.Canceled => SettlementOutcome.Canceled,
        _ => SettlementOutcome.Pending
    };

    private static string FindMismatch(AlipayPlusPayment payment, Order order, PaymentIntent intent)
    {
        if (!string.IsNullOrEmpty(payment.PaymentIntentId)
            && !string.Equals(payment.PaymentIntentId, intent.Id, StringComparison.Ordinal))
            return $"it is not the intent of attempt {payment.Attempt} ({payment.PaymentIntentId})";

        if (intent.Metadata is not null && intent.Metadata.TryGetValue(AttemptMetadata.OrderGuid, out var orderGuid)
            && !string.Equals(orderGuid, order.OrderGuid.ToString(), StringComparison.OrdinalIgnoreCase))
            return "its metadata names another order";

        if (!string.Equals(intent.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
            return $"currency {intent.Currency} differs from the order's {payment.Currency}";

        if (intent.Amount != payment.AmountMinor)
            return $"amount {intent.Amount} differs from the order's {payment.AmountMinor} (minor units)";

        if (intent.Status == PaymentIntentStatus.Succeeded && intent.AmountReceived is > 0
            && intent.AmountReceived < payment.AmountMinor)
            return $"only {intent.AmountReceived} of {payment.AmountMinor} (minor units) was received";

        return null;
    }

    /// <summary>
    /// The order as the database has it now. nopCommerce's order service answers
    /// repeated reads within a request from its short-term cache, which would hide
    /// what another server did since; the repository without a cache key does not.
    /// </summary>
    private Task<Order> ReadOrderAfreshAsync(int orderId) => _orderTable.GetByIdAsync(orderId);
}
