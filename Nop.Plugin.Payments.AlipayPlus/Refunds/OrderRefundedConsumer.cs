using Nop.Core.Domain.Orders;
using Nop.Services.Events;

namespace Nop.Plugin.Payments.AlipayPlus.Refunds;

/// <summary>
/// nopCommerce publishes <see cref="OrderRefundedEvent"/> after it has written the refunded amount on the order, in the
/// request that asked the plugin for the refund (nopCommerce registers every consumer per request, so the
/// <see cref="AcceptedRefunds"/> injected here is the one the plugin's answer filled). Offline refunds publish the same
/// event and left nothing waiting.
/// </summary>
public class OrderRefundedConsumer : IConsumer<OrderRefundedEvent>
{
    private readonly AcceptedRefunds _acceptedRefunds;

    public OrderRefundedConsumer(AcceptedRefunds acceptedRefunds)
    {
        _acceptedRefunds = acceptedRefunds;
    }

    public Task HandleEventAsync(OrderRefundedEvent eventMessage)
    {
        ArgumentNullException.ThrowIfNull(eventMessage);
        return eventMessage.Order is null ? Task.CompletedTask : _acceptedRefunds.CountedAsync(eventMessage.Order.Id);
    }
}
