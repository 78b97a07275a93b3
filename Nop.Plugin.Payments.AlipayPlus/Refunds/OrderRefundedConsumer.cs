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
    private readonly RefundSettlement _refundSettlement;

    public OrderRefundedConsumer(AcceptedRefunds acceptedRefunds, RefundSettlement refundSettlement)
    {
        _acceptedRefunds = acceptedRefunds;
        _refundSettlement = refundSettlement;
    }

    public async Task HandleEventAsync(OrderRefundedEvent eventMessage)
    {
        ArgumentNullException.ThrowIfNull(eventMessage);
        if (eventMessage.Order is null)
            return;

        // nopCommerce has just written the order whole from the copy the admin's request read before asking the
        // plugin: a refund booked offline meanwhile is wiped off it. Only after the plugin's own answer (an
        // offline refund, the plugin's own booking included, publishes this event too and rewrites nothing stale).
        if (await _acceptedRefunds.CountedAsync(eventMessage.Order.Id))
            await _refundSettlement.RestoreLostBookingsAsync(eventMessage.Order.Id);
    }
}
