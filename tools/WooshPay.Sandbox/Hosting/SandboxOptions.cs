using WooshPay.Sandbox.Faults;

namespace WooshPay.Sandbox;

/// <summary>
/// Settings of one sandbox run. Bound from the "Sandbox" configuration section
/// (appsettings.json or <c>--Sandbox:Name=value</c>) or passed to <see cref="SandboxServer.StartAsync"/>.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>Accepted secret keys. Empty accepts any <c>sk_test_...</c>;
    /// <c>sk_live_</c> keys only when listed.</summary>
    public List<string> SecretKeys { get; set; } = new();

    /// <summary>How long a refund stays <c>pending</c> before it settles.</summary>
    public TimeSpan RefundSettleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share (0..1) of refunds that settle as <c>failed</c> without being asked to.</summary>
    public double RefundFailureRate { get; set; }

    /// <summary>First webhook retry delay; each further retry doubles it.</summary>
    public TimeSpan WebhookRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per delivery before it is marked failed (WooshPay documents 18).</summary>
    public int WebhookMaxAttempts { get; set; } = 18;

    /// <summary>HTTP timeout of one webhook attempt.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an Alipay+ cashier stays payable (WooshPay: 10 minutes).</summary>
    public TimeSpan PaymentExpiry { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime of an open Checkout Session (the seed's sessions live 24 hours).</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the background sweep looks for expired intents and sessions.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a reused Idempotency-Key is remembered.</summary>
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Base address used in hosted page links (normalUrl, session url). Empty: the scheme and host
    /// of the request that created the object, so links work on whatever port was bound.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>api_version written into events.</summary>
    public string ApiVersion { get; set; } = "1.0.1";

    /// <summary>Fault injection active from start-up; replaceable at run time via /_sandbox/faults.</summary>
    public FaultSettings Faults { get; set; } = new();
}
