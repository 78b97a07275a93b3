using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// Sends the shopper to WooshPay's hosted checkout. The order is one summary line whose amount is the
/// order total exactly, so discounts, shipping, tax and fees can never make the session's total differ.
/// </summary>
public class CheckoutSessionFlowHandler : IPaymentFlowHandler
{
    private readonly IWooshPayClient _client;

    public CheckoutSessionFlowHandler(IWooshPayClient client)
    {
        _client = client;
    }

    public PaymentFlow Flow => PaymentFlow.CheckoutSession;

    public async Task<CreatedAttempt> CreateAsync(WooshPayAccount account, AlipayPlusSettings settings, Order order, OrderCharge charge,
        int attempt, string returnUrl, CancellationToken cancellationToken)
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

        var session = await _client.CreateCheckoutSessionAsync(account, request, IdempotencyKeys.CreateAttempt(order.OrderGuid, attempt), cancellationToken);
        if (string.IsNullOrEmpty(session.Url))
            throw new InvalidOperationException($"WooshPay created checkout session {session.Id} without a payment page URL.");
        RedirectUrlGuard.EnsureSafe(account, session.Livemode, session.Url, session.Id);
        if (session.AmountTotal is long total && total != charge.AmountMinor)
            throw new InvalidOperationException($"WooshPay's checkout session {session.Id} totals {total}, not the order's {charge.AmountMinor} (minor units).");

        return new CreatedAttempt(session.PaymentIntent, session.Id, session.Url, PaymentIntentStatus.RequiresPaymentMethod, session.Livemode);
    }

    public async Task<PaymentIntent> FetchIntentAsync(WooshPayAccount account, AlipayPlusPayment payment, CancellationToken cancellationToken)
    {
        var paymentIntentId = payment.PaymentIntentId;
        if (string.IsNullOrEmpty(paymentIntentId))
            paymentIntentId = (await _client.GetCheckoutSessionAsync(account, payment.CheckoutSessionId, cancellationToken)).PaymentIntent;

        return await _client.GetPaymentIntentAsync(account, paymentIntentId, cancellationToken);
    }

    public async Task<bool> IsStillPayableAsync(WooshPayAccount account, AlipayPlusPayment payment, PaymentIntent intent, CancellationToken cancellationToken)
    {
        if (intent.Status != PaymentIntentStatus.RequiresPaymentMethod || string.IsNullOrEmpty(payment.RedirectUrl))
            return false;

        var session = await _client.GetCheckoutSessionAsync(account, payment.CheckoutSessionId, cancellationToken);
        return session.Status == CheckoutSessionStatus.Open;
    }

    public async Task CloseAsync(WooshPayAccount account, AlipayPlusPayment payment, CancellationToken cancellationToken)
    {
        var session = await _client.GetCheckoutSessionAsync(account, payment.CheckoutSessionId, cancellationToken);
        if (session.Status == CheckoutSessionStatus.Open)
            await _client.ExpireCheckoutSessionAsync(account, payment.CheckoutSessionId,
                IdempotencyKeys.CloseAttempt(payment.OrderGuid, payment.Attempt), cancellationToken);
    }
}
