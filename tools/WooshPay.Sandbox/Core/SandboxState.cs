using System.Collections.Concurrent;
using WooshPay.Sandbox.Api;
using WooshPay.Sandbox.Model;

namespace WooshPay.Sandbox.Core;

/// <summary>
/// Everything the sandbox remembers. A reset swaps in a fresh instance and cancels
/// <see cref="Lifetime"/>, so timers and retries started for the old state stop touching anything.
/// </summary>
public sealed class SandboxState
{
    private readonly CancellationTokenSource _lifetime = new();

    public SandboxState(TimeSpan idempotencyLifetime)
    {
        Idempotency = new IdempotencyStore(idempotencyLifetime);
    }

    public ConcurrentDictionary<string, PaymentIntent> PaymentIntents { get; } = new();
    public ConcurrentDictionary<string, CheckoutSession> CheckoutSessions { get; } = new();
    public ConcurrentDictionary<string, Refund> Refunds { get; } = new();
    public ConcurrentDictionary<string, WebhookEndpoint> WebhookEndpoints { get; } = new();
    public ConcurrentDictionary<string, SandboxEvent> Events { get; } = new();
    public ConcurrentDictionary<string, WebhookDelivery> Deliveries { get; } = new();
    public IdempotencyStore Idempotency { get; }

    public CancellationToken Lifetime => _lifetime.Token;
    public bool IsDiscarded => _lifetime.IsCancellationRequested;

    public void Discard() => _lifetime.Cancel();

    /// <summary>Objects of one account, newest first.</summary>
    public static List<T> OwnedBy<T>(IEnumerable<T> values, Account account) where T : SandboxObject =>
        values.Where(v => v.Account.SecretKey == account.SecretKey)
            .OrderByDescending(v => v.Sequence)
            .ToList();

    /// <summary>Looks an object up for its owner only: another
    /// key's object is "not found", never "forbidden".</summary>
    public static T? Find<T>(ConcurrentDictionary<string, T> map, string id, Account account) where T : SandboxObject =>
        map.TryGetValue(id, out var value) && value.Account.SecretKey == account.SecretKey ? value : null;
}
