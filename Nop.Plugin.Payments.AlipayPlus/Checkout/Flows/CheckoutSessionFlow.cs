using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;

/// <summary>
/// Sends the shopper to WooshPay's hosted checkout. The order is one summary line whose amount is the
/// order total exactly, so discounts, shipping, tax and fees can never make the session's total differ.
/// </summary>
public class CheckoutSessionFlow : IPaymentFlow
{
    private readonly IWooshPayClient _client;

    public CheckoutSessionFlow(IWooshPayClient client)
    {
        _client = client;
    }

    public PaymentFlow Flow => PaymentFlow.CheckoutSession;

    public async Task<CreatedAttempt> CreateAsync(WooshPayAccount account, AlipayPlusSettings settings, Order order,
        OrderCharge charge, int attempt, string returnUrl, CancellationToken cancellationToken)
    {
        var metadata = AttemptMetadata.For(order, attempt);
        var orderNumber = order.CustomOrderNumber ?? order.Id.ToString();
        var request = new CheckoutSessionCreateRequest
        {
            Mode = AlipayPlusValues.CheckoutModePayment,
            SuccessUrl = returnUrl,
            CancelUrl = returnUrl,
            ClientReferenceId = order.OrderGuid.ToString(),
            Metadata = metadata,
            PaymentIntentData = new PaymentIntentData { Metadata = metadata },
            PaymentMethodOptions = new PaymentMethodOptions
            {
                AlipayPlus = new AlipayPlusPaymentMethodOptions { TerminalType = settings.TerminalTypeOrDefault() }
            },
            LineItems =
            [
                new CheckoutSessionLineItem
                {
                    Quantity = 1,
                    PriceData = new PriceData
                    {
                        Currency = charge.Currency.Code,
                        UnitAmount = charge.AmountMinor,
                        ProductData = new ProductData { Name = $"Order {orderNumber}" }
                    }
                }
            ]
        };

        var session = await _client.CreateCheckoutSessionAsync(account, request,
            IdempotencyKeys.CreateAttempt(order.OrderGuid, attempt), cancellationToken);

        // The session exists at WooshPay from here on: an answer
        // that cannot be used still names it, so it can be expired.
        if (!string.IsNullOrEmpty(session.Object) && session.Object != WooshPayObjects.CheckoutSession)
            throw Unusable(session,
                $"WooshPay answered the creation of a checkout session with a {session.Object} ({session.Id}).");
        if (string.IsNullOrEmpty(session.Url))
            throw Unusable(session, $"WooshPay created checkout session {session.Id} without a payment page URL.");
        try
        {
            RedirectUrlGuard.EnsureSafe(account, session.Livemode, session.Url, session.Id);
        }
        catch (WooshPayException exception)
        {
            throw Unusable(session, exception.Message, exception);
        }
        if (session.AmountTotal is long total && total != charge.AmountMinor)
            throw Unusable(session, $"WooshPay's checkout session {session.Id} totals {total}, not the order's " +
                $"{charge.AmountMinor} (minor units).");

        return new CreatedAttempt(session.PaymentIntent, session.Id, session.Url,
            PaymentIntentStatus.RequiresPaymentMethod, session.Livemode);
    }

    // Only ids of the kinds asked for are kept: another object's id must never be expired or settled as this attempt's.
    private static UnusableGatewayAnswerException Unusable(CheckoutSession session, string message,
        Exception inner = null)
    {
        var sessionId = session.Id?.StartsWith(WooshPayObjects.CheckoutSessionIdPrefix, StringComparison.Ordinal)
            == true ? session.Id : null;
        var intentId = sessionId is not null
                && session.PaymentIntent?.StartsWith(WooshPayObjects.PaymentIntentIdPrefix, StringComparison.Ordinal)
                    == true
            ? session.PaymentIntent
            : null;
        return new UnusableGatewayAnswerException(message, intentId, sessionId, session.Livemode, inner);
    }

    public async Task<PaymentIntent> FetchIntentAsync(WooshPayAccount account, AlipayPlusPayment payment,
        CancellationToken cancellationToken)
    {
        var paymentIntentId = payment.PaymentIntentId;
        if (string.IsNullOrEmpty(paymentIntentId))
            paymentIntentId = (await _client.GetCheckoutSessionAsync(account, payment.CheckoutSessionId,
                cancellationToken)).PaymentIntent;

        return await _client.GetPaymentIntentAsync(account, paymentIntentId, cancellationToken);
    }

    public async Task<bool> IsStillPayableAsync(WooshPayAccount account, AlipayPlusPayment payment,
        PaymentIntent intent, CancellationToken cancellationToken)
    {
        if (intent.Status != PaymentIntentStatus.RequiresPaymentMethod || string.IsNullOrEmpty(payment.RedirectUrl))
            return false;

        var session = await _client.GetCheckoutSessionAsync(account, payment.CheckoutSessionId, cancellationToken);
        return session.Status == CheckoutSessionStatus.Open;
    }

    public async Task<PaymentIntent> CloseAsync(WooshPayAccount account, AlipayPlusPayment payment,
        CancellationToken cancellationToken)
    {
        // WooshPay cancels no intent a session owns: the session is expired instead.
        var session = await _client.GetCheckoutSessionAsync(account, payment.CheckoutSessionId, cancellationToken);
        if (session.Status == CheckoutSessionStatus.Open)
            session = await _client.ExpireCheckoutSessionAsync(account, payment.CheckoutSessionId,
                IdempotencyKeys.CloseAttempt(payment.OrderGuid, payment.Attempt), cancellationToken);

        var intentId = string.IsNullOrEmpty(payment.PaymentIntentId) ? session.PaymentIntent : payment.PaymentIntentId;
        var intent = await _client.GetPaymentIntentAsync(account, intentId, cancellationToken);

        // WooshPay's docs do not say whether expiring a session cancels its intent. An expired session can no longer be
        // paid, so an intent it leaves open is recorded as expired with it; a payment that got in first still counts.
        if (session.Status == CheckoutSessionStatus.Expired
            && intent.Status is PaymentIntentStatus.RequiresPaymentMethod
                or PaymentIntentStatus.RequiresAction or PaymentIntentStatus.RequiresConfirmation)
        {
            intent.Status = PaymentIntentStatus.Canceled;
            intent.CancellationReason = CancellationReasons.Expired;
        }

        return intent;
    }
}
