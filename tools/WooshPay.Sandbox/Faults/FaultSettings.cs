using System.Text.Json.Serialization;

namespace WooshPay.Sandbox.Faults;

/// <summary>
/// What goes wrong on purpose. Rates are shares between 0 and 1. Serialised snake_case on
/// /_sandbox/faults (latency_ms, fail_5xx_rate, ...), PascalCase in configuration.
/// </summary>
public sealed class FaultSettings
{
    /// <summary>Extra delay before every /v1 response.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Share of /v1 calls answering 500/502/503: half before processing, half after (response lost).</summary>
    [JsonPropertyName("fail_5xx_rate")]
    public double Fail5xxRate { get; set; }

    /// <summary>Share of /v1 calls answering 429 with a Retry-After header.</summary>
    [JsonPropertyName("fail_429_rate")]
    public double Fail429Rate { get; set; }

    /// <summary>Retry-After value sent with injected 429s.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Share of /v1 calls that hang <see cref="TimeoutMs"/> then answer 504 or drop the connection.</summary>
    public double TimeoutRate { get; set; }

    public int TimeoutMs { get; set; } = 2000;

    /// <summary>Share of webhook deliveries never sent (listed as dropped).</summary>
    public double WebhookDropRate { get; set; }

    /// <summary>Share of webhook deliveries sent twice.</summary>
    public double WebhookDuplicateRate { get; set; }

    /// <summary>Share of webhook deliveries held <see cref="WebhookDelayMs"/> before the first attempt.</summary>
    public double WebhookDelayRate { get; set; }

    public int WebhookDelayMs { get; set; } = 1000;

    /// <summary>Share of webhook deliveries held back and sent after the next one.</summary>
    public double WebhookReorderRate { get; set; }

    /// <summary>Seed for reproducible fault decisions; null = random.</summary>
    public int? Seed { get; set; }

    public FaultSettings Clone() => (FaultSettings)MemberwiseClone();

    /// <summary>Returns the name of the first out-of-range setting, or null when all are valid.</summary>
    public string? FindInvalid()
    {
        foreach (var (name, rate) in new[]
                 {
                     ("fail_5xx_rate", Fail5xxRate), ("fail_429_rate", Fail429Rate), ("timeout_rate", TimeoutRate),
                     ("webhook_drop_rate", WebhookDropRate), ("webhook_duplicate_rate", WebhookDuplicateRate),
                     ("webhook_delay_rate", WebhookDelayRate), ("webhook_reorder_rate", WebhookReorderRate),
                 })
        {
            if (double.IsNaN(rate) || rate < 0 || rate > 1) return name;
        }

        if (Fail5xxRate + Fail429Rate + TimeoutRate > 1) return "fail_5xx_rate";
        if (LatencyMs < 0) return "latency_ms";
        if (TimeoutMs < 0) return "timeout_ms";
        if (WebhookDelayMs < 0) return "webhook_delay_ms";
        if (RetryAfterSeconds < 0) return "retry_after_seconds";
        return null;
    }
}
