using System.Collections.Concurrent;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>
/// Decides which refused webhook deliveries are written to nopCommerce's log: the first of each minute per store,
/// with a count of those left out, so a stranger posting garbage cannot fill the log (one per server and store).
/// </summary>
public class WebhookRejectionLog
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<int, Entry> _stores = new();
    private readonly TimeProvider _timeProvider;

    public WebhookRejectionLog(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Whether this refusal is logged; when it is, <paramref name="leftOut"/>
    /// says how many were not since the last line.
    /// </summary>
    public bool ShouldLog(int storeId, out int leftOut)
    {
        var now = _timeProvider.GetUtcNow();
        var entry = _stores.GetOrAdd(storeId, _ => new Entry());
        lock (entry)
        {
            if (entry.LoggedAt is { } last && now - last < Window)
            {
                entry.LeftOut++;
                leftOut = 0;
                return false;
            }

            leftOut = entry.LeftOut;
            entry.LeftOut = 0;
            entry.LoggedAt = now;
            return true;
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset? LoggedAt;
        public int LeftOut;
    }
}
