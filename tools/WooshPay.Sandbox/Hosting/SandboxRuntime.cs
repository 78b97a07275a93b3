using WooshPay.Sandbox.Api;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Faults;
using WooshPay.Sandbox.Services;
using WooshPay.Sandbox.Webhooks;

namespace WooshPay.Sandbox;

/// <summary>
/// The one object that ties a sandbox run together: options, live faults, the (resettable) state
/// and the services that change it. Shared by the HTTP endpoints, the background workers and tests.
/// </summary>
public sealed class SandboxRuntime
{
    private SandboxState _state;

    public SandboxRuntime(SandboxOptions options, ILoggerFactory loggers)
    {
        Options = options;
        // Start-up faults (appsettings, command line, tests) are held to the same ranges as POST /_sandbox/faults.
        if (options.Faults.FindInvalid() is { } bad)
            throw new ArgumentException($"The start-up fault {bad} is out of range (rates 0..1, their sum for API " +
                "calls at most 1, times >= 0).", nameof(options));
        Faults = new FaultInjector(options.Faults);
        Authenticator = new Authenticator(options);
        _state = new SandboxState(options.IdempotencyKeyLifetime);
        Webhooks = new WebhookDispatcher(options, Faults, loggers.CreateLogger<WebhookDispatcher>());
        Events = new EventPublisher(this);
        Intents = new PaymentIntentService(this);
        Sessions = new CheckoutSessionService(this);
        Refunds = new RefundService(this);
    }

    public SandboxOptions Options { get; }
    public FaultInjector Faults { get; }
    public Authenticator Authenticator { get; }
    public WebhookDispatcher Webhooks { get; }
    public EventPublisher Events { get; }
    public PaymentIntentService Intents { get; }
    public CheckoutSessionService Sessions { get; }
    public RefundService Refunds { get; }

    /// <summary>Current state; read it once per operation so a concurrent
    /// reset cannot split one call across two states.</summary>
    public SandboxState State => Volatile.Read(ref _state);

    /// <summary>Forgets every object, event, delivery and idempotency
    /// key, and switches all faults off (global and per key).</summary>
    public void Reset()
    {
        var old = Interlocked.Exchange(ref _state, new SandboxState(Options.IdempotencyKeyLifetime));
        old.Discard();
        Faults.Clear();
    }

    public string BaseUrlFor(HttpRequest request) =>
        string.IsNullOrWhiteSpace(Options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : Options.PublicBaseUrl.TrimEnd('/');
}
