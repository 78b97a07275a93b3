using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;

/// <summary>
/// Sends the shopper straight to the Alipay+ cashier: one PaymentIntent created and confirmed in one call.
/// </summary>
public class PaymentIntentFlow : IPaymentFlow
{
    // The Alipay+ cashier expires after about 10 minutes; reusing a
    // page older than this risks sending the shopper to a dead one.
    public static readonly TimeSpan CashierReuseWindow = TimeSpan.FromMinutes(8);

    private readonly IWooshPayClient _client;
    private readonly TimeProvider _timeProvider;

    public PaymentIntentFlow(IWooshPayClient client, TimeProvider timeProvider)
    {
        _client = client;
        _timeProvider = timeProvider;
    }

    public PaymentFlow Flow => PaymentFlow.PaymentIntent;

    public async Task<CreatedAttempt> CreateAsync(WooshPayAccount account, AlipayPlusSettings settings, Order order,
        OrderCharge charge, int attempt, string returnUrl, CancellationToken cancellationToken)
    {
        var request = new PaymentIntentCreateRequest
        {
            Amount = charge.AmountMinor,
            Currency = charge.Currency.Code,
            Confirm = true,
            PaymentMethodData = new PaymentMethodData { Type = AlipayPlusValues.PaymentMethodType },
            PaymentMethodOptions = new PaymentMethodOptions
            {
                AlipayPlus = new AlipayPlusPaymentMethodOptions { TerminalType = settings.TerminalTypeOrDefault() }
            },
            ReturnUrl = returnUrl,
            MerchantOrderId = order.CustomOrderNumber ?? order.Id.ToString(),
            Description = $"Order {order.CustomOrderNumber ?? order.Id.ToString()}",
            Metadata = AttemptMetadata.For(order, attempt)
        };

        var intent = await _client.CreatePaymentIntentAsync(account, request,
            IdempotencyKeys.CreateAttempt(order.OrderGuid, attempt), cancellationToken);

        // The intent exists at WooshPay from here on: an answer
        // that cannot be used still names it, so it can be closed.
        if (!string.IsNullOrEmpty(intent.Object) && intent.Object != WooshPayObjects.PaymentIntent)
            throw Unusable(intent,
                $"WooshPay answered the creation of a payment intent with a {intent.Object} ({intent.Id}).");
        var redirectUrl = intent.NextAction?.AlipayPlusHandleRedirect?.NormalUrl;
        if (string.IsNullOrEmpty(redirectUrl) && intent.Status == PaymentIntentStatus.RequiresAction)
            throw Unusable(intent, $"WooshPay created payment intent {intent.Id} without an Alipay+ redirect URL.");
        try
        {
            RedirectUrlGuard.EnsureSafe(account, intent.Livemode, redirectUrl, intent.Id);
        }
        catch (WooshPayException exception)
        {
            throw Unusable(intent, exception.Message, exception);
        }

        return new CreatedAttempt(intent.Id, null, redirectUrl, intent.Status, intent.Livemode);
    }

    // Only an id of the kind asked for is kept: another object's
    // id must never be cancelled or settled as this attempt's.
    private static UnusableGatewayAnswerException Unusable(PaymentIntent intent, string message,
        Exception inner = null) => new(message,
        intent.Id?.StartsWith(WooshPayObjects.PaymentIntentIdPrefix, StringComparison.Ordinal) == true
            ? intent.Id
            : null,
        null, intent.Livemode, inner);

    public Task<PaymentIntent> FetchIntentAsync(WooshPayAccount account, AlipayPlusPayment payment,
        CancellationToken cancellationToken)
    {
        return _client.GetPaymentIntentAsync(account, payment.PaymentIntentId, cancellationToken);
    }

    public Task<bool> IsStillPayableAsync(WooshPayAccount account, AlipayPlusPayment payment, PaymentIntent intent,
        CancellationToken cancellationToken)
    {
        var fresh = _timeProvider.GetUtcNow().UtcDateTime - payment.CreatedOnUtc < CashierReuseWindow;
        return Task.FromResult(fresh && intent.Status == PaymentIntentStatus.RequiresAction
            && !string.IsNullOrEmpty(payment.RedirectUrl));
    }

    public Task<PaymentIntent> CloseAsync(WooshPayAccount account, AlipayPlusPayment payment,
        CancellationToken cancellationToken)
    {
        return _client.CancelPaymentIntentAsync(account, payment.PaymentIntentId, CancellationReasons.Abandoned,
            IdempotencyKeys.CloseAttempt(payment.OrderGuid, payment.Attempt), cancellationToken);
    }
}
