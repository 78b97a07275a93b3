using System.Collections.Concurrent;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// The distributed cache a web farm's nodes share (Redis, SQL Server's cache table), reduced to the string get, set
/// with expiry and remove that nopCommerce's DistributedCacheLocker uses. Each call first yields, as each is a network
/// round trip to the cache server: another node's call can land between two calls of one node.
/// </summary>
public sealed class FarmCache
{
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Expires)> _entries = new();
    private readonly TimeProvider _clock;

    /// <param name="clock">The cache server's clock, which expires entries; not any node's.</param>
    public FarmCache(TimeProvider clock = null)
    {
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<string> GetStringAsync(string key)
    {
        await Task.Yield();
        if (!_entries.TryGetValue(key, out var entry))
            return null;
        if (entry.Expires > _clock.GetUtcNow())
            return entry.Value;
        _entries.TryRemove(new KeyValuePair<string, (string, DateTimeOffset)>(key, entry));
        return null;
    }

    public async Task SetStringAsync(string key, string value, TimeSpan expiration)
    {
        await Task.Yield();
        _entries[key] = (value, _clock.GetUtcNow() + expiration);
    }

    public async Task RemoveAsync(string key)
    {
        await Task.Yield();
        _entries.TryRemove(key, out _);
    }
}
