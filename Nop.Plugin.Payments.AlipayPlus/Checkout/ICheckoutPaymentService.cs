using Nop.Core.Domain.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// Opens (or reopens) the WooshPay payment for a placed order, never leaving two payable attempts alive.
/// </summary>
public interface ICheckoutPaymentService
{
    /// <param name="order">The placed order.</param>
    /// <param name="returnUrl">Our return page for this order, absolute.</param>
    Task<PaymentStartResult> StartAsync(Order order, string returnUrl, CancellationToken cancellationToken = default);
}
