using System.Text.Json.Nodes;
using WooshPay.Sandbox.Api;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;

namespace WooshPay.Sandbox.Services;

/// <summary>
/// Lifecycle of a PaymentIntent. Every change happens under the intent's lock (and, for intents a
/// Checkout Session owns, the session's lock first: always session before intent, never the reverse)
/// and publishes its event before the lock is released, so events follow the order of changes.
/// </summary>
public sealed class PaymentIntentService
{
    private readonly SandboxRuntime _sandbox;

    public PaymentIntentService(SandboxRuntime sandbox) => _sandbox = sandbox;

    public sealed record CreateParams(
        long Amount,
        string Currency,
        bool Confirm,
        string TerminalType,
        string? ReturnUrl,
        Dictionary<string, string>? Metadata,
        string? MerchantOrderId,
        string? Description,
        List<string>? PaymentMethodTypes,
        string? CheckoutSessionId = null);

    public PaymentIntent Create(SandboxState state, Account account, CreateParams p, string baseUrl)
    {
        var pi = new PaymentIntent(account, p.Amount, p.Currency)
        {
            TerminalType = p.TerminalType,
            ReturnUrl = p.ReturnUrl,
            Metadata = p.Metadata ?? new Dictionary<string, string>(),
            MerchantOrderId = p.MerchantOrderId,
            Description = p.Description,
            CheckoutSessionId = p.CheckoutSessionId,
        };
        if (p.PaymentMethodTypes is { Count: > 0 }) pi.PaymentMethodTypes = p.PaymentMethodTypes;
        pi.HostedUrl = $"{baseUrl}/hosted/alipayplus/{pi.Id}";

        lock (pi.Sync)
        {
            state.PaymentIntents[pi.Id] = pi;
            Publish(state, pi, "payment_intent.created");
            if (p.Confirm) EnterRequiresAction(state, pi);
        }

        return pi;
    }

    /// <summary>Confirms with Alipay+: the intent now waits for the shopper on the hosted cashier.</summary>
    public void Confirm(SandboxState state, PaymentIntent pi, string? returnUrl, string? terminalType)
    {
        lock (pi.Sync)
        {
            if (pi.CheckoutSessionId is not null)
                throw ApiException.UnexpectedState($"PaymentIntent {pi.Id} belongs to Checkout Session " +
                    $"{pi.CheckoutSessionId}; the shopper pays on the session page.");
            if (pi.Status is not (IntentStatus.RequiresPaymentMethod or IntentStatus.RequiresConfirmation))
                throw ApiException.UnexpectedState(
                    $"You cannot confirm this PaymentIntent because it has a status of {pi.Status}.");
            if (returnUrl is not null) pi.ReturnUrl = returnUrl;
            if (terminalType is not null) pi.TerminalType = terminalType;
            if (pi.ReturnUrl is null) throw ApiException.Missing("return_url");
            EnterRequiresAction(state, pi);
        }
    }

    public void Pay(SandboxState state, PaymentIntent pi, string? wallet)
    {
        var session = SessionOf(state, pi);
        lock (session?.Sync ?? new object())
        lock (pi.Sync)
        {
            ExpireIfDueLocked(state, pi);
            if (session is not null) _sandbox.Sessions.ExpireIfDueLocked(state, session);
            EnsurePayable(pi, session);
            var payingWallet = Currencies.PayingWallet(pi.Currency, pi.Amount, wallet);

            pi.Status = IntentStatus.Succeeded;
            pi.AmountReceived = pi.Amount;
            pi.LastPaymentError = null;
            pi.Wallet = payingWallet;
            pi.PaymentMethod ??= IdGenerator.NextId("pm");
            pi.ActionExpiresAt = null;
            Publish(state, pi, "payment_intent.succeeded");

            if (session is not null)
            {
                session.Status = "complete";
                session.PaymentStatus = "paid";
                _sandbox.Events.Publish(state, session.Account, "checkout.session.completed", session.Snapshot());
            }
        }
    }

    /// <summary>The shopper's wallet declined: back to requires_payment_method with last_payment_error.</summary>
    public void Fail(SandboxState state, PaymentIntent pi, string? message = null)
    {
        var session = SessionOf(state, pi);
        lock (session?.Sync ?? new object())
        lock (pi.Sync)
        {
            ExpireIfDueLocked(state, pi);
            EnsurePayable(pi, session);

            pi.Status = IntentStatus.RequiresPaymentMethod;
            pi.ActionExpiresAt = null;
            pi.LastPaymentError = new JsonObject
            {
                ["type"] = "card_error",
                ["code"] = "payment_declined",
                ["decline_code"] = "wallet_declined",
                ["message"] = message ?? "The shopper's Alipay+ wallet declined the payment.",
                ["payment_method"] = pi.PaymentMethod,
            };
            Publish(state, pi, "payment_intent.payment_failed");
        }
    }

    public void Cancel(SandboxState state, PaymentIntent pi, string reason, bool byMerchant)
    {
        lock (pi.Sync)
        {
            ExpireIfDueLocked(state, pi);
            if (byMerchant && pi.CheckoutSessionId is not null)
                throw ApiException.UnexpectedState(
                    $"PaymentIntent {pi.Id} is managed by Checkout Session {pi.CheckoutSessionId} and cannot be " +
                    "canceled; expire the session instead.");
            if (!IntentStatus.IsCancelable(pi.Status))
                throw ApiException.UnexpectedState(
                    $"You cannot cancel this PaymentIntent because it has a status of {pi.Status}. Only a " +
                    "PaymentIntent with one of the following statuses may be canceled: requires_payment_method, " +
                    "requires_confirmation, requires_action, requires_capture.");
            CancelLocked(state, pi, reason);
        }
    }

    /// <summary>The shopper pressed Cancel on the cashier: only an open redirect can be abandoned.</summary>
    public void CancelByShopper(SandboxState state, PaymentIntent pi)
    {
        var session = SessionOf(state, pi);
        lock (session?.Sync ?? new object())
        lock (pi.Sync)
        {
            ExpireIfDueLocked(state, pi);
            EnsurePayable(pi, session);
            if (session is not null) return; // The session stays open; the shopper may come back before it expires.
            CancelLocked(state, pi, "abandoned");
        }
    }

    /// <summary>Cashier timeout: a still-unpaid redirect becomes canceled with reason "expired".</summary>
    public void ExpireIfDue(SandboxState state, PaymentIntent pi)
    {
        if (pi.Status != IntentStatus.RequiresAction) return;
        lock (pi.Sync) ExpireIfDueLocked(state, pi);
    }

    internal void ExpireIfDueLocked(SandboxState state, PaymentIntent pi)
    {
        if (pi.Status == IntentStatus.RequiresAction && pi.ActionExpiresAt is { } at && Clock.NowMs >= at)
            CancelLocked(state, pi, "expired");
    }

    internal void CancelLocked(SandboxState state, PaymentIntent pi, string reason)
    {
        pi.Status = IntentStatus.Canceled;
        pi.CancellationReason = reason;
        pi.CanceledAt = Clock.NowMs;
        pi.ActionExpiresAt = null;
        Publish(state, pi, "payment_intent.canceled");
    }

    /// <summary>Whether the hosted page should still offer its buttons.</summary>
    public static bool IsPayable(PaymentIntent pi, CheckoutSession? session) =>
        session is null
            ? pi.Status == IntentStatus.RequiresAction
            : session.Status == "open"
                && pi.Status is IntentStatus.RequiresPaymentMethod or IntentStatus.RequiresAction;

    private static void EnsurePayable(PaymentIntent pi, CheckoutSession? session)
    {
        if (IsPayable(pi, session)) return;
        var why = session is not null && session.Status != "open"
            ? $"its Checkout Session {session.Id} is {session.Status}"
            : $"it has a status of {pi.Status}";
        throw ApiException.UnexpectedState($"PaymentIntent {pi.Id} cannot be paid or failed because {why}.");
    }

    private void EnterRequiresAction(SandboxState state, PaymentIntent pi)
    {
        pi.Status = IntentStatus.RequiresAction;
        pi.PaymentMethod = IdGenerator.NextId("pm");
        pi.LastPaymentError = null;
        pi.ActionExpiresAt = Clock.NowMs + (long)_sandbox.Options.PaymentExpiry.TotalMilliseconds;
        Publish(state, pi, "payment_intent.requires_action");
    }

    private static CheckoutSession? SessionOf(SandboxState state, PaymentIntent pi) =>
        pi.CheckoutSessionId is { } id && state.CheckoutSessions.TryGetValue(id, out var s) ? s : null;

    private void Publish(SandboxState state, PaymentIntent pi, string type) =>
        _sandbox.Events.Publish(state, pi.Account, type, pi.Snapshot());
}
