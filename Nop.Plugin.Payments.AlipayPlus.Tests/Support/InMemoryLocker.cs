using System.Collections.Concurrent;
using Nop.Core.Caching;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// Behaves like nopCommerce's lockers: a taken lock is refused at once, not waited for.
/// </summary>
public sealed class InMemoryLocker : ILocker
{
    private readonly ConcurrentDictionary<string, byte> _held = new();

    public int Acquisitions;

    public async Task<bool> PerformActionWithLockAsync(string resource, TimeSpan expirationTime, Func<Task> action)
    {
        if (!_held.TryAdd(resource, 0))
            return false;

        try
        {
            Interlocked.Increment(ref Acquisitions);
            await action();
            return true;
        }
        finally
        {
            _held.TryRemove(resource, out _);
        }
    }
}
