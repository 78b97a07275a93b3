using Nop.Core.Caching;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// A lock that always lets the caller in: what the plugin must survive when its lock gives no exclusion at all
/// (an expired lease, a cache outage, a node on another cache). Correctness must then come from the database.
/// </summary>
public sealed class NeverExcludingLocker : ILocker
{
    private int _entries;

    public int Entries => Volatile.Read(ref _entries);

    public async Task<bool> PerformActionWithLockAsync(string resource, TimeSpan expirationTime, Func<Task> action)
    {
        Interlocked.Increment(ref _entries);
        await action();
        return true;
    }
}
