using Nop.Core.Domain.Orders;

namespace Nop.Services.Orders;

public partial interface IOrderProcessingService
{
    bool CanCancelOrder(Order order);

    Task CancelOrderAsync(Order order, bool notifyCustomer);

    bool CanMarkOrderAsPaid(Order order);

    Task MarkOrderAsPaidAsync(Order order);

    bool CanRefundOffline(Order order);

    Task RefundOfflineAsync(Order order);

    bool CanPartiallyRefundOffline(Order order, decimal amountToRefund);

    Task PartiallyRefundOfflineAsync(Order order, decimal amountToRefund);
}
