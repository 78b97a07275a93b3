using Nop.Core.Domain.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// Settles an order from WooshPay's state when the shopper returns, whatever the return URL claims.
/// </summary>
public interface IPaymentReturnService
{
    Task<PaymentReturnState> GetStateAsync(Order order, CancellationToken cancellationToken = default);
}
