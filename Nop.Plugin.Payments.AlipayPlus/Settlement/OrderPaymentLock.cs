using Nop.Core.Caching;

namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

public class OrderPaymentLock : IOrderPaymentLock
{
    // Long enough for a gateway round trip and the order update; a crashed holder frees it after this.
    private static readonly TimeSpan _lockLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _waitBudget = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(50);

    private readonly ILocker _locker;
    private readonly TimeProvider _timeProvider;

    public OrderPaymentLock(ILocker locker, TimeProvider timeProvider)
    {
        _locker = locker;
        _timeProvider = timeProvider;
    }

    public async Task<T> RunAsync<T>(int orderId, Func<Task<T>> action)
    {
        var resource = $"Nop.Plugin.Payments.AlipayPlus.Order.{orderId}";
        var deadline = _timeProvider.GetUtcNow() + _waitBudget;
        T result = default;

        // nopCommerce's lockers refuse at once when the lock is taken, so a short wait here lets a
        // duplicate webhook or a returning shopper find the work done instead of failing.
        while (true)
        {
            if (await _locker.PerformActionWithLockAsync(resource, _lockLifetime, async () => result = await action()))
                return result;

            if (_timeProvider.GetUtcNow() >= deadline)
                throw new OrderBusyException(orderId);

            await Task.Delay(_pollInterval, _timeProvider);
        }
    }
}
