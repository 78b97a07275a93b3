using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;

/// <summary>
/// The WooshPay calls of one payment flow (PaymentIntent or Checkout Session).
/// </summary>
public interface IPaymentFlow
{
    PaymentFlow Flow { get; }

    Task<CreatedAttempt> CreateAsync(WooshPayAccount account, AlipayPlusSettings settings, Order order,
        OrderCharge charge, int attempt, string returnUrl, CancellationToken cancellationToken);

    /// <summary>The attempt's PaymentIntent as WooshPay reports it now.</summary>
    Task<PaymentIntent> FetchIntentAsync(WooshPayAccount account, AlipayPlusPayment payment,
        CancellationToken cancellationToken);

    /// <summary>Whether the shopper can still pay on the attempt's page.</summary>
    Task<bool> IsStillPayableAsync(WooshPayAccount account, AlipayPlusPayment payment, PaymentIntent intent,
        CancellationToken cancellationToken);

    /// <summary>
    /// Makes the attempt unpayable at WooshPay (so that a new one can be opened, or
    /// because it was abandoned) and returns its PaymentIntent as WooshPay reports
    /// it afterwards. A refusal (the shopper paid a moment ago) is thrown as is.
    /// </summary>
    Task<PaymentIntent> CloseAsync(WooshPayAccount account, AlipayPlusPayment payment,
        CancellationToken cancellationToken);
}
