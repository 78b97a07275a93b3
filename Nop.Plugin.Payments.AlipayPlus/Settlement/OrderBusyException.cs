namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

/// <summary>
/// The order's payment is being handled elsewhere right now; the work is safe to repeat later.
/// </summary>
public class OrderBusyException : Exception
{
    public OrderBusyException(int orderId)
        : base($"The payment of order {orderId} is being updated by another request; try again shortly.")
    {
        OrderId = orderId;
    }

    public int OrderId { get; }
}
