namespace WooshPay.Sandbox.Faults;

public enum FaultKind
{
    None,
    RateLimited,
    ServerErrorBeforeProcessing,
    ServerErrorAfterProcessing,
    TimeoutBeforeProcessing,
    TimeoutAfterProcessing,
}

/// <summary>
/// The fate of one API call, drawn once when it arrives, with the settings it was drawn under
/// (so a concurrent change of faults cannot give one call half of each).
/// </summary>
public sealed record FaultDecision(FaultKind Kind, int LatencyMs, int StatusCode = 0, bool AbortConnection = false)
{
    public static readonly FaultDecision Clean = new(FaultKind.None, 0);

    public int ProcessingDelayMs { get; init; }
    public int RetryAfterSeconds { get; init; } = 1;
    public int TimeoutMs { get; init; } = 2000;
}

/// <summary>The fate of one webhook delivery, drawn once when it is created.</summary>
public sealed record WebhookFaultDecision(bool Drop, bool Duplicate, int DelayMs, bool Reorder)
{
    public static readonly WebhookFaultDecision Clean = new(false, false, 0, false);
}
