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

    /// <summary>
    /// When a 5xx or timeout fault strikes: <c>either</c> (drawn, half each), <c>before</c> the call is
    /// carried out, or <c>after</c> it (the object exists, the answer is lost). "after" is how a test
    /// makes "the refund was made but the shop never heard" happen every time.
    /// </summary>
    public string FailPhase { get; set; } = FaultPhases.Either;

    /// <summary>What a timeout fault ends in: <c>either</c> (drawn),
    /// <c>gateway_timeout</c> (504) or <c>drop</c> (connection aborted).</summary>
    public string TimeoutOutcome { get; set; } = TimeoutOutcomes.Either;

    /// <summary>
    /// Holds a call this long after it has claimed its Idempotency-Key and before it is carried out,
    /// so a second call with the same key arrives while the first is still in flight.
    /// </summary>
    public int ProcessingDelayMs { get; set; }

    /// <summary>
    /// How many 429/5xx/timeout faults to inject before calls go through clean again; null = no limit.
    /// A client that retries on its own within one operation can then meet exactly one failure.
    /// </summary>
    public int? FaultLimit { get; set; }

    /// <summary>The per-call faults above (latency, 429, 5xx, timeout,
    /// processing delay) strike only calls of this method; null = any.</summary>
    public string? OnlyMethod { get; set; }

    /// <summary>... and only calls whose path starts with this
    /// (e.g. <c>/v1/refunds</c>); null = any /v1 path.</summary>
    public string? OnlyPath { get; set; }

    /// <summary>
    /// A same-key call while the first is still being processed: <c>wait</c> for its outcome and replay
    /// it, or <c>conflict</c>: 409 idempotency_error at once, as Stripe (and WooshPay, whose docs list
    /// 409 for idempotency) may answer.
    /// </summary>
    public string SameKeyInFlight { get; set; } = SameKeyModes.Wait;

    /// <summary>
    /// A same-key, same-body call after the first finished: <c>replay</c> its answer (Stripe's
    /// behaviour), or refuse with <c>conflict</c> (409 idempotency_error) or <c>bad_request</c>
    /// (400 invalid_request_error): WooshPay's docs do not promise a replay.
    /// </summary>
    public string SameKeyCompleted { get; set; } = SameKeyModes.Replay;

    /// <summary>
    /// The <c>t=</c> of a webhook retry: <c>fresh</c> (signed anew at each attempt, Stripe's
    /// behaviour) or <c>original</c> (the first attempt's timestamp and signature are sent again).
    /// WooshPay's docs say neither, so receivers should be tested against both.
    /// </summary>
    public string WebhookRetryTimestamp { get; set; } = WebhookTimestamps.Fresh;

    /// <summary>
    /// What a successful create (<c>POST /v1/payment_intents</c>,
    /// <c>POST /v1/checkout/sessions</c>) answers: <c>normal</c>, or an answer a client
    /// cannot use although the object was created: <c>no_redirect_url</c> (the intent without
    /// <c>next_action</c>, the session without <c>url</c>) or <c>unexpected_object</c> (its <c>object</c> names
    /// the other kind). The answer is stored for the Idempotency-Key as sent, so a same-key retry gets it again.
    /// </summary>
    public string CreateAnswer { get; set; } = CreateAnswers.Normal;

    /// <summary>Added to every webhook <c>t=</c> (negative = in the past): a skewed
    /// clock, or with "original" a retry long after the first attempt.</summary>
    public int WebhookTimestampOffsetSeconds { get; set; }

    /// <summary>
    /// <c>POST /v1/webhook_endpoints</c> refuses (400, <c>Invalid event type</c>)
    /// any event type not on WooshPay's documented list
    /// (<see cref="Services.EventPublisher.DocumentedTypes"/>), as WooshPay may: its docs name only those.
    /// </summary>
    public bool RefuseUndocumentedEvents { get; set; }

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
        if (ProcessingDelayMs < 0) return "processing_delay_ms";
        if (FaultLimit < 0) return "fault_limit";
        if (!FaultPhases.All.Contains(FailPhase)) return "fail_phase";
        if (!TimeoutOutcomes.All.Contains(TimeoutOutcome)) return "timeout_outcome";
        if (!SameKeyModes.InFlight.Contains(SameKeyInFlight)) return "same_key_in_flight";
        if (!SameKeyModes.Completed.Contains(SameKeyCompleted)) return "same_key_completed";
        if (!WebhookTimestamps.All.Contains(WebhookRetryTimestamp)) return "webhook_retry_timestamp";
        if (!CreateAnswers.All.Contains(CreateAnswer)) return "create_answer";
        return null;
    }
}

public static class FaultPhases
{
    public const string Either = "either";
    public const string Before = "before";
    public const string After = "after";
    public static readonly string[] All = [Either, Before, After];
}

public static class TimeoutOutcomes
{
    public const string Either = "either";
    public const string GatewayTimeout = "gateway_timeout";
    public const string Drop = "drop";
    public static readonly string[] All = [Either, GatewayTimeout, Drop];
}

public static class SameKeyModes
{
    public const string Wait = "wait";
    public const string Replay = "replay";
    public const string Conflict = "conflict";
    public const string BadRequest = "bad_request";
    public static readonly string[] InFlight = [Wait, Conflict];
    public static readonly string[] Completed = [Replay, Conflict, BadRequest];
}

public static class WebhookTimestamps
{
    public const string Fresh = "fresh";
    public const string Original = "original";
    public static readonly string[] All = [Fresh, Original];
}

public static class CreateAnswers
{
    public const string Normal = "normal";
    public const string NoRedirectUrl = "no_redirect_url";
    public const string UnexpectedObject = "unexpected_object";
    public static readonly string[] All = [Normal, NoRedirectUrl, UnexpectedObject];
}
