namespace WooshPay.Sandbox.Faults;

/// <summary>
/// Holds the live fault settings and draws decisions from one (optionally seeded) random source,
/// so a seeded run repeats the same sequence of faults for the same sequence of calls.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _sync = new();
    private FaultSettings _settings;
    private Random _random;

    public FaultInjector(FaultSettings initial)
    {
        _settings = initial.Clone();
        _random = CreateRandom(_settings.Seed);
    }

    public FaultSettings Current
    {
        get { lock (_sync) return _settings.Clone(); }
    }

    public void Replace(FaultSettings settings)
    {
        lock (_sync)
        {
            _settings = settings.Clone();
            _random = CreateRandom(_settings.Seed);
        }
    }

    public FaultDecision DecideApiCall()
    {
        lock (_sync)
        {
            var s = _settings;
            if (s.LatencyMs == 0 && s.Fail429Rate == 0 && s.Fail5xxRate == 0 && s.TimeoutRate == 0)
                return FaultDecision.Clean;

            var roll = _random.NextDouble();
            if (roll < s.Fail429Rate)
                return new FaultDecision(FaultKind.RateLimited, s.LatencyMs, 429);

            roll -= s.Fail429Rate;
            if (roll < s.Fail5xxRate)
            {
                var status = new[] { 500, 502, 503 }[_random.Next(3)];
                var kind = _random.Next(2) == 0 ? FaultKind.ServerErrorBeforeProcessing : FaultKind.ServerErrorAfterProcessing;
                return new FaultDecision(kind, s.LatencyMs, status);
            }

            roll -= s.Fail5xxRate;
            if (roll < s.TimeoutRate)
            {
                var kind = _random.Next(2) == 0 ? FaultKind.TimeoutBeforeProcessing : FaultKind.TimeoutAfterProcessing;
                return new FaultDecision(kind, s.LatencyMs, 504, AbortConnection: _random.Next(2) == 0);
            }

            return s.LatencyMs > 0 ? new FaultDecision(FaultKind.None, s.LatencyMs) : FaultDecision.Clean;
        }
    }

    public WebhookFaultDecision DecideWebhook()
    {
        lock (_sync)
        {
            var s = _settings;
            if (s.WebhookDropRate == 0 && s.WebhookDuplicateRate == 0 && s.WebhookDelayRate == 0 && s.WebhookReorderRate == 0)
                return WebhookFaultDecision.Clean;

            var drop = _random.NextDouble() < s.WebhookDropRate;
            var duplicate = _random.NextDouble() < s.WebhookDuplicateRate;
            var delay = _random.NextDouble() < s.WebhookDelayRate ? s.WebhookDelayMs : 0;
            var reorder = _random.NextDouble() < s.WebhookReorderRate;
            return new WebhookFaultDecision(drop, duplicate, delay, reorder);
        }
    }

    /// <summary>Shared draw for non-fault randomness (refund failure rate) so seeded runs stay reproducible.</summary>
    public double NextDouble()
    {
        lock (_sync) return _random.NextDouble();
    }

    private static Random CreateRandom(int? seed) => seed is { } s ? new Random(s) : new Random();
}
