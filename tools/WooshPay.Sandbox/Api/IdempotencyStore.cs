using System.Collections.Concurrent;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Api;

/// <summary>
/// Remembers the first response per (secret key, Idempotency-Key). The first request claims the key
/// atomically; concurrent requests with the same key wait for its outcome instead of executing too.
/// </summary>
public sealed class IdempotencyStore
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private readonly TimeSpan _lifetime;

    public IdempotencyStore(TimeSpan lifetime) => _lifetime = lifetime;

    public sealed class Entry
    {
        public Entry(string fingerprint)
        {
            Fingerprint = fingerprint;
            CreatedMs = Clock.NowMs;
        }

        public string Fingerprint { get; }
        public long CreatedMs { get; }

        /// <summary>Null result = the first attempt produced nothing storable; waiters should claim again.</summary>
        public TaskCompletionSource<ApiResult?> Outcome { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Returns the entry for the key and whether this caller created (and so must execute) it.</summary>
    public (Entry Entry, bool Claimed) Claim(Account account, string key, string fingerprint)
    {
        var storeKey = account.SecretKey + "\n" + key;
        while (true)
        {
            var fresh = new Entry(fingerprint);
            var existing = _entries.GetOrAdd(storeKey, fresh);
            if (ReferenceEquals(existing, fresh)) return (fresh, true);

            var expired = Clock.NowMs - existing.CreatedMs > _lifetime.TotalMilliseconds;
            if (!expired) return (existing, false);
            _entries.TryUpdate(storeKey, fresh, existing);
        }
    }

    public void Complete(Account account, string key, Entry entry, ApiResult? result)
    {
        if (result is null) _entries.TryRemove(new KeyValuePair<string, Entry>(account.SecretKey + "\n" + key, entry));
        entry.Outcome.TrySetResult(result);
    }
}
