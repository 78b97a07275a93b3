using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

public class CheckoutPaymentService : ICheckoutPaymentService
{
    private readonly CheckoutPaymentOptions _options;
    private readonly IEnumerable<IPaymentFlow> _flows;
    private readonly ILogger _logger;
    private readonly OrderNoteWriter _notes;
    private readonly PaymentSettlement _paymentSettlement;
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly IPresentmentCurrencyResolver _currencyResolver;
    private readonly ISettingService _settingService;
    private readonly TimeProvider _timeProvider;

    public CheckoutPaymentService(IEnumerable<IPaymentFlow> flows,
        OrderNoteWriter notes,
        ILogger logger,
        PaymentSettlement paymentSettlement,
        IPaymentRecordStore paymentRecords,
        IPresentmentCurrencyResolver currencyResolver,
        ISettingService settingService,
        TimeProvider timeProvider,
        CheckoutPaymentOptions options = null)
    {
        _options = options ?? new CheckoutPaymentOptions();
        _flows = flows;
        _notes = notes;
        _logger = logger;
        _paymentSettlement = paymentSettlement;
        _paymentRecords = paymentRecords;
        _currencyResolver = currencyResolver;
        _settingService = settingService;
        _timeProvider = timeProvider;
    }

    public async Task<PaymentStartResult> StartAsync(Order order, string returnUrl,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);

        var store = await _settingService.ForStoreAsync(order.StoreId);
        if (!store.IsConfigured)
            return await FailAsync(order, "Alipay+ is not configured for this store (no WooshPay secret key).");

        var charge = await _currencyResolver.GetChargeAsync(order, store.Settings);
        if (charge is null)
            return await FailAsync(order,
                $"WooshPay cannot charge Alipay+ in {order.CustomerCurrencyCode} or the store's primary currency.");
        if (charge.AmountMinor <= 0)
            return await FailAsync(order, "The order total is zero; there is nothing to charge.");

        var account = store.Account;

        // One deadline for everything below (the look at the last attempt, its close,
        // the create: each a gateway call with its own retries), so a shopper is
        // never kept waiting longer than this; the request going away ends it sooner.
        using var deadline = new CancellationTokenSource(_options.Deadline, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var latest = await _paymentRecords.GetLatestByOrderIdAsync(order.Id);
            if (latest is not null && latest.Status != PaymentRecordStatus.Creating
                && latest.Status != PaymentRecordStatus.CreateFailed)
            {
                var reuse = await ReuseOrCloseAsync(account, latest, charge, linked.Token);
                if (reuse is not null)
                    return reuse;
            }

            // A create that got no answer is repeated as it was (same attempt, same key),
            // unless what it would create changed. An answer that could not be used closed
            // its attempt (below), so the next try is a new attempt with a new key.
            var attempt = latest?.Status == PaymentRecordStatus.Creating && latest.Flow == store.Settings.Flow
                    && MatchesCharge(latest, charge)
                ? latest
                : await ReserveAttemptAsync(order, charge, store.Settings.Flow, (latest?.Attempt ?? 0) + 1);

            return await CreateAtGatewayAsync(account, store.Settings, order, charge, attempt, returnUrl, linked.Token);
        }
        catch (WooshPayException exception)
        {
            await _logger.ErrorAsync(
                $"Alipay+: could not start the payment of order {order.Id}: {exception.Message}", exception);
            return await FailAsync(order, exception.Message);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested
            && !cancellationToken.IsCancellationRequested)
        {
            // An attempt whose create got no answer stays "creating": the next try repeats it under the same key.
            return await FailAsync(order,
                $"WooshPay did not answer within {_options.Deadline.TotalSeconds:0.#} seconds.");
        }
        catch (OrderBusyException)
        {
            // Another request is settling this order right now; the return page shows what it decides.
            return PaymentStartResult.ShowReturnPage();
        }
    }

    /// <summary>
    /// Looks at the last attempt: sends the shopper back to it while it can still be paid, reports a
    /// settled one, or closes it at WooshPay so a new one never lives beside it. Null means "open a new attempt".
    /// </summary>
    private async Task<PaymentStartResult> ReuseOrCloseAsync(WooshPayAccount account, AlipayPlusPayment latest,
        OrderCharge charge, CancellationToken cancellationToken)
    {
        if (latest.Status is PaymentIntentStatus.Canceled or PaymentRecordStatus.Expired)
            return null;

        var handler = GetHandler(latest.Flow);
        var intent = await handler.FetchIntentAsync(account, latest, cancellationToken);
        var outcome = await _paymentSettlement.ApplyAsync(latest, intent, "retry");

        switch (outcome)
        {
            case SettlementOutcome.Paid or SettlementOutcome.AlreadyPaid or SettlementOutcome.ExtraPayment
                or SettlementOutcome.PaidButOrderClosed:
                return PaymentStartResult.ShowReturnPage();
            case SettlementOutcome.Canceled or SettlementOutcome.OrderNotFound:
                return null;
        }

        if (intent.Status == PaymentIntentStatus.Processing)
            return PaymentStartResult.ShowReturnPage();

        // A declined attempt is closed too: WooshPay lets a declined intent be confirmed again, and a shopper
        // paying on the old page as well as the new one would pay twice. A refused close does not block the retry.
        // An open page is reused whichever flow the shop has switched to since: the shopper can still pay there.
        if (outcome == SettlementOutcome.Pending && MatchesCharge(latest, charge)
            && await handler.IsStillPayableAsync(account, latest, intent, cancellationToken))
            return PaymentStartResult.RedirectTo(latest.RedirectUrl);

        // The close cancels the intent at WooshPay; marked first, settling that cancellation (below, or its webhook
        // arriving meanwhile) notes it but never cancels the order the shopper is about to pay on a new page.
        // An attempt paid since the look above is not marked: the return page shows the paid order.
        if (!await _paymentSettlement.MarkClosingAsync(latest))
            return PaymentStartResult.ShowReturnPage();

        WooshPayException closeRefused = null;
        PaymentIntent closed;
        try
        {
            closed = await handler.CloseAsync(account, latest, cancellationToken);
        }
        catch (WooshPayException exception) when (!exception.IsTransient)
        {
            // WooshPay refuses to cancel an intent the shopper has just paid (400 "status of succeeded"):
            // the re-fetch below must decide, or a paid order would be reported as a gateway error.
            closeRefused = exception;
            closed = await handler.FetchIntentAsync(account, latest, cancellationToken);
        }

        // Closing can race with the shopper paying on the old page; what WooshPay says now decides.
        var closedOutcome = await _paymentSettlement.ApplyAsync(latest, closed, "retry");
        if (closedOutcome is SettlementOutcome.Paid or SettlementOutcome.AlreadyPaid or SettlementOutcome.ExtraPayment
                or SettlementOutcome.PaidButOrderClosed
            || closed.Status == PaymentIntentStatus.Processing)
            return PaymentStartResult.ShowReturnPage();

        // The old attempt is still alive: opening another would leave two payable attempts.
        if (closeRefused is not null && closedOutcome is not (SettlementOutcome.Canceled or SettlementOutcome.Failed))
            throw closeRefused;

        return null;
    }

    private async Task<AlipayPlusPayment> ReserveAttemptAsync(Order order, OrderCharge charge,
        PaymentFlow flow, int attempt)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var payment = new AlipayPlusPayment
        {
            StoreId = order.StoreId,
            OrderId = order.Id,
            OrderGuid = order.OrderGuid,
            Attempt = attempt,
            Flow = flow,
            Currency = charge.Currency.Code,
            AmountMinor = charge.AmountMinor,
            Status = PaymentRecordStatus.Creating,
            CreatedOnUtc = now,
            UpdatedOnUtc = now
        };

        try
        {
            await _paymentRecords.InsertAsync(payment);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The unique (order, attempt) index refused a second writer: another request opened this attempt.
            var existing = await _paymentRecords.GetLatestByOrderIdAsync(order.Id);
            if (existing?.Attempt == attempt)
                throw new OrderBusyException(order.Id);
            throw;
        }

        return payment;
    }

    private async Task<PaymentStartResult> CreateAtGatewayAsync(WooshPayAccount account, AlipayPlusSettings settings,
        Order order, OrderCharge charge, AlipayPlusPayment payment, string returnUrl,
        CancellationToken cancellationToken)
    {
        var handler = GetHandler(payment.Flow);
        CreatedAttempt created;
        try
        {
            created = await handler.CreateAsync(account, settings, order, charge, payment.Attempt, returnUrl,
                cancellationToken);
        }
        catch (UnusableGatewayAnswerException exception)
        {
            await CloseUnusableAsync(account, handler, payment, exception, cancellationToken);
            throw;
        }
        catch (WooshPayException exception) when (!exception.IsTransient)
        {
            // A refused request created nothing at WooshPay, so the next try may use a new attempt and key.
            payment.Status = PaymentRecordStatus.CreateFailed;
            payment.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
            await _paymentRecords.UpdateAsync(payment);
            throw;
        }

        payment.PaymentIntentId = created.PaymentIntentId;
        payment.CheckoutSessionId = created.CheckoutSessionId;
        payment.RedirectUrl = created.RedirectUrl;
        payment.Status = created.Status;
        payment.Livemode = created.Livemode;
        payment.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        await _paymentRecords.UpdateAsync(payment);

        // The note names the attempt on the order; the order row itself is not written here. Rewriting it whole from
        // the copy this request read would cost the checkout a commit and could put back what another server changed
        // since (its payment status); the intent goes on the order when it pays it (CaptureTransactionId).
        await _notes.AddAsync(order.Id, "Order.Note.Created", created.PaymentIntentId ?? created.CheckoutSessionId,
            charge.Currency.Format(charge.AmountMinor), charge.Currency.Code, payment.Attempt);

        return PaymentStartResult.RedirectTo(created.RedirectUrl);
    }

    /// <summary>
    /// An answer the shopper cannot be sent to, for an object that may exist at WooshPay: its ids
    /// are recorded and it is closed there, so nothing payable is left behind, reconciliation
    /// can ask about it, and the shopper's retry opens a new attempt under a new key instead
    /// of replaying the same answer. Never marked paid by the shop unless WooshPay says so.
    /// </summary>
    private async Task CloseUnusableAsync(WooshPayAccount account, IPaymentFlow handler, AlipayPlusPayment payment,
        UnusableGatewayAnswerException answer, CancellationToken cancellationToken)
    {
        payment.PaymentIntentId = answer.PaymentIntentId;
        payment.CheckoutSessionId = answer.CheckoutSessionId;
        payment.Livemode = answer.Livemode;
        // Nothing named can be closed: the attempt ends here (whatever WooshPay made has no page anyone was sent to).
        payment.Status = answer.HasIds ? PaymentRecordStatus.Closing : PaymentRecordStatus.CreateFailed;
        payment.UpdatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        await _paymentRecords.UpdateAsync(payment);
        if (!answer.HasIds)
            return;

        try
        {
            var intent = await handler.CloseAsync(account, payment, cancellationToken);
            await _paymentSettlement.ApplyAsync(payment, intent, "unusable answer");
        }
        catch (Exception exception) when (exception is WooshPayException or OrderBusyException)
        {
            // Left "closing": reconciliation asks about it and closes it once the cashier has expired.
            await _logger.WarningAsync($"Alipay+: attempt {payment.Attempt} of order {payment.OrderId} could not be " +
                $"closed at WooshPay after an unusable answer: {exception.Message}");
        }
    }

    private static bool MatchesCharge(AlipayPlusPayment payment, OrderCharge charge)
    {
        return payment.AmountMinor == charge.AmountMinor
            && string.Equals(payment.Currency, charge.Currency.Code, StringComparison.OrdinalIgnoreCase);
    }

    private IPaymentFlow GetHandler(PaymentFlow flow)
    {
        return _flows.FirstOrDefault(handler => handler.Flow == flow)
            ?? throw new InvalidOperationException($"No handler is registered for the {flow} flow.");
    }

    private async Task<PaymentStartResult> FailAsync(Order order, string reason)
    {
        await _notes.AddAsync(order.Id, "Order.Note.GatewayError", reason);
        await _logger.WarningAsync($"Alipay+: order {order.Id} could not be sent to payment: {reason}");
        return PaymentStartResult.Failed(reason);
    }

}
