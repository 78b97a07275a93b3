namespace WooshPay.Sandbox.Faults;

/// <summary>
/// Holds the live fault settings and draws decisions from one (optionally seeded) random source,
/// so a seeded run repeats the same sequence of faults for the same sequence of calls.
/// Settings are global, or per secret key: tests running in parallel each use their own key, so a
/// test can switch faults on for its own calls without striking its neighbours'.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _sync = new();
    private readonly Dictionary<string, Scope> _accounts = new(StringComparer.Ordinal);
    private Scope _global;
    private Random _random;

    /// <summary>Settings plus how many faults they have injected so
    /// far (for <see cref="FaultSettings.FaultLimit"/>).</summary>
    private sealed class Scope(FaultSettings settings)
    {
        public FaultSettings Settings { get; } = settings;
        public int Injected { get; set; }
    }

    public FaultInjector(FaultSettings initial)
    {
        _global = new Scope(initial.Clone());
        _random = CreateRandom(initial.Seed);
    }

    /// <summary>The global settings.</summary>
    public FaultSettings Current
    {
        get { lock (_sync) return _global.Settings.Clone(); }
    }

    /// <summary>Replaces the global settings (accounts with their own keep theirs).</summary>
    public void Replace(FaultSettings settings)
    {
        lock (_sync)
        {
            _global = new Scope(settings.Clone());
            _random = CreateRandom(settings.Seed);
        }
    }

    /// <summary>Gives one secret key its own settings; its calls
    /// and deliveries ignore the global ones from now on.</summary>
    public void Replace(string secretKey, FaultSettings settings)
    {
        lock (_sync)
        {
            _accounts[secretKey] = new Scope(settings.Clone());
            if (settings.Seed is { } seed) _random = CreateRandom(seed);
        }
    }

    /// <summary>The key's own settings, or null when it follows the global ones.</summary>
    public FaultSettings? ForAccountOnly(string secretKey)
    {
        lock (_sync) return _accounts.TryGetValue(secretKey, out var scope) ? scope.Settings.Clone() : null;
    }

    /// <summary>What applies to this key: its own settings, else the global ones.</summary>
    public FaultSettings For(string secretKey)
    {
        lock (_sync) return ScopeFor(secretKey).Settings.Clone();
    }

    /// <summary>The key goes back to the global settings.</summary>
    public bool Remove(string secretKey)
    {
        lock (_sync) return _accounts.Remove(secretKey);
    }

    /// <summary>Global settings back to none and every account's own settings forgotten (a sandbox reset).</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _accounts.Clear();
            _global = new Scope(new FaultSettings());
            _random = CreateRandom(null);
        }
    }

    public FaultDecision DecideApiCall(string secretKey, string method, string path)
    {
        lock (_sync)
        {
            var scope = ScopeFor(secretKey);
            var s = scope.Settings;
            if (!Matches(s, method, path)) return FaultDecision.Clean;

            var exhausted = s.FaultLimit is { } limit && scope.Injected >= limit;
            var decision = exhausted ? null : Draw(s);
            if (decision is null)
                return s.LatencyMs > 0 || s.ProcessingDelayMs > 0
                    ? Shape(new FaultDecision(FaultKind.None, s.LatencyMs), s)
                    : FaultDecision.Clean;

            scope.Injected++;
            return Shape(decision, s);
        }
    }

    /// <summary>A 429/5xx/timeout drawn by the rates, or null for none. Caller holds the lock.</summary>
    private FaultDecision? Draw(FaultSettings s)
    {
        if (s.Fail429Rate == 0 && s.Fail5xxRate == 0 && s.TimeoutRate == 0) return null;

        var roll = _random.NextDouble();
        if (roll < s.Fail429Rate)
            return new FaultDecision(FaultKind.RateLimited, s.LatencyMs, 429);

        roll -= s.Fail429Rate;
        if (roll < s.Fail5xxRate)
        {
            var status = new[] { 500, 502, 503 }[_random.Next(3)];
            var kind = After(s) ? FaultKind.ServerErrorAfterProcessing : FaultKind.ServerErrorBeforeProcessing;
            return new FaultDecision(kind, s.LatencyMs, status);
        }

        roll -= s.Fail5xxRate;
        if (roll < s.TimeoutRate)
        {
            var kind = After(s) ? FaultKind.TimeoutAfterProcessing : FaultKind.TimeoutBeforeProcessing;
            var abort = s.TimeoutOutcome switch
            {
                TimeoutOutcomes.Drop => true,
                TimeoutOutcomes.GatewayTimeout => false,
                _ => _random.Next(2) == 0,
            };
            return new FaultDecision(kind, s.LatencyMs, 504, AbortConnection: abort);
        }

        return null;
    }

    private bool After(FaultSettings s) => s.FailPhase switch
    {
        FaultPhases.Before => false,
        FaultPhases.After => true,
        _ => _random.Next(2) == 1,
    };

    private static FaultDecision Shape(FaultDecision d, FaultSettings s) => d with
    {
        ProcessingDelayMs = s.ProcessingDelayMs,
        RetryAfterSeconds = s.RetryAfterSeconds,
        TimeoutMs = s.TimeoutMs,
    };

    private static bool Matches(FaultSettings s, string method, string path) =>
        (string.IsNullOrEmpty(s.OnlyMethod)
            || string.Equals(s.OnlyMethod, method, StringComparison.OrdinalIgnoreCase)) &&
        (string.IsNullOrEmpty(s.OnlyPath) || path.StartsWith(s.OnlyPath, StringComparison.Ordinal));

    public WebhookFaultDecision DecideWebhook(string secretKey)
    {
        lock (_sync)
        {
            var s = ScopeFor(secretKey).Settings;
            if (s.WebhookDropRate == 0 && s.WebhookDuplicateRate == 0 && s.WebhookDelayRate == 0
                && s.WebhookReorderRate == 0)
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

    private Scope ScopeFor(string secretKey) => _accounts.TryGetValue(secretKey, out var scope) ? scope : _global;

    private static Random CreateRandom(int? seed) => seed is { } s ? new Random(s) : new Random();
}
