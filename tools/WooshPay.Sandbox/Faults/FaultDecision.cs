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

/// <summary>The fate of one API call, drawn once when it arrives.</summary>
public sealed record FaultDecision(FaultKind Kind, int LatencyMs, int StatusCode = 0, bool AbortConnection = false)
{
    public static readonly FaultDecision Clean = new(FaultKind.None, 0);
}

/// <summary>The fate of one webhook delivery, drawn once when it is created.</summary>
public sealed record WebhookFaultDecision(bool Drop, bool Duplicate, int DelayMs, bool Reorder)
{
    public static readonly WebhookFaultDecision Clean = new(false, false, 0, false);
}
