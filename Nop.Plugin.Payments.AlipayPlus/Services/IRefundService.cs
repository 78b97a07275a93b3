using Nop.Core.Domain.Orders;
using Nop.Services.Payments;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// Serves nopCommerce's Refund and Partial refund buttons.
/// </summary>
public interface IRefundService
{
    /// <param name="amountToRefund">In the store's primary currency, as nopCommerce passes it.</param>
    Task<RefundPaymentResult> RefundAsync(Order order, decimal amountToRefund, bool isPartialRefund);
}
