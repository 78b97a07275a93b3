namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

/// <summary>
/// Serialises payment work on one order across web servers
/// (nopCommerce's locker is distributed when the shop runs Redis).
/// </summary>
public interface IOrderPaymentLock
{
    /// <exception cref="OrderBusyException">Another server or request
    /// kept the order busy for too long; try again later.</exception>
    Task<T> RunAsync<T>(int orderId, Func<Task<T>> action);
}
