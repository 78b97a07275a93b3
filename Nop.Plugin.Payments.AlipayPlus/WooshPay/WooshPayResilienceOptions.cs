#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>How hard the client tries before giving up. Defaults suit a shopper waiting on checkout.</summary>
public class WooshPayResilienceOptions
{
    /// <summary>One HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts and back-off delays together.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; it doubles per retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A longer Retry-After than this is not waited for: the call fails as transient at once,
    /// since waiting would only run into <see cref="TotalTimeout"/> with a shopper watching.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Who is calling, sent as User-Agent so WooshPay's logs can tell integrations apart.</summary>
    public string UserAgent { get; set; } = "WooshPay-dotnet-client/1.0";

    /// <summary>Log each attempt: method, path, status, duration, request id. Never headers or bodies.</summary>
    public bool LogTraffic { get; set; }

    internal void Validate()
    {
        // Polly's timeout strategy accepts 10 ms to 24 h; say so here rather than deep inside its validation.
        var min = TimeSpan.FromMilliseconds(10);
        var max = TimeSpan.FromHours(24);
        if (AttemptTimeout < min || AttemptTimeout > max)
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout,
                "Must be between 10 ms and 24 h.");
        if (TotalTimeout < min || TotalTimeout > max)
            throw new ArgumentOutOfRangeException(nameof(TotalTimeout), TotalTimeout,
                "Must be between 10 ms and 24 h.");
        if (MaxRetries is < 0 or > 10)
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "Must be between 0 and 10.");
        if (BaseDelay < TimeSpan.Zero || BaseDelay > TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "Must be between 0 and 1 minute.");
        if (string.IsNullOrWhiteSpace(UserAgent))
            throw new ArgumentException("A User-Agent is required.", nameof(UserAgent));
        if (MaxRetryAfter < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "Must not be negative.");
    }
}
