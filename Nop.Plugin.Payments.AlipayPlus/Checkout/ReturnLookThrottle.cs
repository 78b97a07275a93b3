using System.Collections.Concurrent;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// How often the return page may ask WooshPay about one attempt. Anyone holding a return URL can load the page (it
/// opens on any browser), so each look is answered from the plugin's records, and only some of them also ask
/// WooshPay: the first, then at most one every 10 seconds for 5 minutes, then one a minute. Webhooks and the
/// reconciliation task keep the records current in between. Kept per server: a farm of N servers asks at most N
/// times as often, still a fixed bound.
/// </summary>
public sealed class ReturnLookThrottle
{
    public static readonly TimeSpan EarlyInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan EarlyPeriod = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan LateInterval = TimeSpan.FromMinutes(1);

    // Attempts nobody looked at for this long are forgotten, so the table stays as small as the live returns.
    private static readonly TimeSpan Forget = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<int, Looks> _looks = new();
    private readonly TimeProvider _timeProvider;
    private DateTimeOffset _nextSweep;

    public ReturnLookThrottle(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _nextSweep = timeProvider.GetUtcNow() + Forget;
    }

    /// <summary>
    /// Whether this look at attempt <paramref name="paymentId"/> may ask WooshPay; a yes counts as the ask.
    /// </summary>
    public bool TryTakeGatewayLook(int paymentId)
    {
        var now = _timeProvider.GetUtcNow();
        Sweep(now);

        while (true)
        {
            if (!_looks.TryGetValue(paymentId, out var looks))
            {
                if (_looks.TryAdd(paymentId, new Looks(now, now)))
                    return true;
                continue;
            }

            var interval = now - looks.First < EarlyPeriod ? EarlyInterval : LateInterval;
            if (now - looks.LastAsked < interval)
                return false;

            // Two requests at once: only the one that moves the time forward asks.
            if (_looks.TryUpdate(paymentId, looks with { LastAsked = now }, looks))
                return true;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
            return;

        _nextSweep = now + Forget;
        foreach (var (paymentId, looks) in _looks)
        {
            if (now - looks.LastAsked > Forget)
                _looks.TryRemove(KeyValuePair.Create(paymentId, looks));
        }
    }

    private sealed record Looks(DateTimeOffset First, DateTimeOffset LastAsked);
}
