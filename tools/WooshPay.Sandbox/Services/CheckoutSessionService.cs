using System.Text.Json.Nodes;
using WooshPay.Sandbox.Api;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;

namespace WooshPay.Sandbox.Services;

/// <summary>
/// Checkout Sessions: each owns one PaymentIntent created with it. Locks are taken session first,
/// then intent, the same order the intent service uses.
/// </summary>
public sealed class CheckoutSessionService
{
    private readonly SandboxRuntime _sandbox;

    public CheckoutSessionService(SandboxRuntime sandbox) => _sandbox = sandbox;

    public sealed record CreateParams(
        string Currency,
        JsonArray LineItems,
        long AmountTotal,
        string SuccessUrl,
        string? CancelUrl,
        string? ClientReferenceId,
        string? CustomerEmail,
        string TerminalType,
        JsonObject? PaymentMethodOptions,
        List<string>? PaymentMethodTypes,
        Dictionary<string, string>? Metadata,
        Dictionary<string, string>? IntentMetadata,
        string? Description);

    public CheckoutSession Create(SandboxState state, Account account, CreateParams p, string baseUrl)
    {
        var session = new CheckoutSession(account, p.Currency, p.LineItems, p.AmountTotal)
        {
            SuccessUrl = p.SuccessUrl,
            CancelUrl = p.CancelUrl,
            ClientReferenceId = p.ClientReferenceId,
            CustomerEmail = p.CustomerEmail,
            PaymentMethodOptions = p.PaymentMethodOptions,
            PaymentMethodTypes = p.PaymentMethodTypes,
            Metadata = p.Metadata ?? new Dictionary<string, string>(),
            ExpiresAt = Clock.NowMs + (long)_sandbox.Options.SessionExpiry.TotalMilliseconds,
        };
        session.Url = $"{baseUrl}/checkout/pay/{session.Id}";

        var pi = _sandbox.Intents.Create(state, account, new PaymentIntentService.CreateParams(
            p.AmountTotal, p.Currency, Confirm: false, p.TerminalType, ReturnUrl: null, p.IntentMetadata,
            MerchantOrderId: p.ClientReferenceId, p.Description, PaymentMethodTypes: null,
            CheckoutSessionId: session.Id), baseUrl);
        session.PaymentIntentId = pi.Id;
        session.ClientSecret = pi.ClientSecret;
        state.CheckoutSessions[session.Id] = session;
        return session;
    }

    public PaymentIntent IntentOf(SandboxState state, CheckoutSession session) =>
        state.PaymentIntents.TryGetValue(session.PaymentIntentId, out var pi)
            ? pi
            : throw new InvalidOperationException($"Session {session.Id} lost its intent {session.PaymentIntentId}.");

    public void Pay(SandboxState state, CheckoutSession session, string? wallet) =>
        _sandbox.Intents.Pay(state, IntentOf(state, session), wallet);

    public void Fail(SandboxState state, CheckoutSession session) =>
        _sandbox.Intents.Fail(state, IntentOf(state, session));

    /// <summary>Merchant- or timeout-driven end of an open session; its unpaid intent is canceled with it.</summary>
    public void Expire(SandboxState state, CheckoutSession session)
    {
        var pi = IntentOf(state, session);
        lock (session.Sync)
        lock (pi.Sync)
        {
            if (session.Status != "open")
                throw ApiException.Invalid(null,
                    "Only Checkout Sessions with a status in [\"open\"] can be expired. This session has a status " +
                    $"of \"{session.Status}\".",
                    "checkout_session_unexpected_state");
            ExpireLocked(state, session, pi);
        }
    }

    public void ExpireIfDue(SandboxState state, CheckoutSession session)
    {
        if (session.Status != "open" || Clock.NowMs < session.ExpiresAt) return;
        var pi = IntentOf(state, session);
        lock (session.Sync)
        lock (pi.Sync)
            ExpireIfDueLocked(state, session);
    }

    /// <summary>Caller holds the session lock (and the intent lock, which is re-entrant here).</summary>
    internal void ExpireIfDueLocked(SandboxState state, CheckoutSession session)
    {
        if (session.Status != "open" || Clock.NowMs < session.ExpiresAt) return;
        var pi = IntentOf(state, session);
        lock (pi.Sync) ExpireLocked(state, session, pi);
    }

    private void ExpireLocked(SandboxState state, CheckoutSession session, PaymentIntent pi)
    {
        session.Status = "expired";
        _sandbox.Events.Publish(state, session.Account, "checkout.session.expired", session.Snapshot());
        if (IntentStatus.IsCancelable(pi.Status)) _sandbox.Intents.CancelLocked(state, pi, "expired");
    }
}
