using Nop.Core.Domain.Orders;
using Nop.Services.Payments;

namespace Nop.Plugin.Payments.AlipayPlus.Refunds;

/// <summary>
/// Serves nopCommerce's Refund and Partial refund buttons.
/// </summary>
public interface IRefundService
{
    /// <param name="amountToRefund">In the store's primary currency, as nopCommerce passes it.</param>
    Task<RefundPaymentResult> RefundAsync(Order order, decimal amountToRefund, bool isPartialRefund);

    /// <summary>
    /// Gives back, in full, a payment the order did not need: the shopper paid a second time (or after the admin marked
    /// the order paid). The order's own amounts are not touched. A second click asks WooshPay for the same refund.
    /// </summary>
    Task<RefundPaymentResult> RefundExtraPaymentAsync(Order order, int attempt);
}
