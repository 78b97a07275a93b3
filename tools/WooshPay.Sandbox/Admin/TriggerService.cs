using System.Text.Json.Nodes;
using WooshPay.Sandbox.Api;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;
using WooshPay.Sandbox.Services;

namespace WooshPay.Sandbox.Admin;

/// <summary>
/// <c>stripe trigger</c> for the sandbox: makes the real state change that produces the event
/// (on the given intent when one is named, otherwise on a fresh fixture), so the event, the
/// webhook and GET all agree. Types with no state machine here get a synthetic fixture object.
/// </summary>
public sealed class TriggerService
{
    public const string DefaultFixtureKey = "sk_test_sandbox";
    private readonly SandboxRuntime _sandbox;

    public TriggerService(SandboxRuntime sandbox) => _sandbox = sandbox;

    public JsonObject Trigger(JsonObject body, HttpRequest http)
    {
        var type = body.RequiredStr("type");
        var state = _sandbox.State;
        var baseUrl = _sandbox.BaseUrlFor(http);
        var piId = body.Str("payment_intent");
        var csId = body.Str("checkout_session");
        PaymentIntent? pi = null;
        if (piId is not null && !state.PaymentIntents.TryGetValue(piId, out pi))
            throw ApiException.NotFound("payment_intent", piId, "payment_intent");
        CheckoutSession? session = null;
        if (csId is not null && !state.CheckoutSessions.TryGetValue(csId, out session))
            throw ApiException.NotFound("checkout.session", csId, "checkout_session");

        var account = pi?.Account ?? session?.Account ?? AccountFor(body, http);
        var currency = PaymentIntentEndpoints.ParseCurrency(body.Str("currency") ?? pi?.Currency ?? "HKD", "currency");
        var amount = body.Int("amount", allowString: true);

        SandboxObject result;
        switch (type)
        {
            case "payment_intent.created":
                result = pi ?? NewIntent(state, account, currency, amount, confirm: false, baseUrl);
                if (pi is not null) Republish(state, pi, type);
                break;
            case "payment_intent.requires_action":
                result = Confirmed(state, pi, account, currency, amount, baseUrl);
                break;
            case "payment_intent.succeeded":
                pi = Confirmed(state, pi, account, currency, amount, baseUrl);
                _sandbox.Intents.Pay(state, pi, null);
                result = pi;
                break;
            case "payment_intent.payment_failed":
                pi = Confirmed(state, pi, account, currency, amount, baseUrl);
                _sandbox.Intents.Fail(state, pi);
                result = pi;
                break;
            case "payment_intent.canceled":
                pi ??= NewIntent(state, account, currency, amount, confirm: true, baseUrl);
                _sandbox.Intents.Cancel(state, pi, body.Str("cancellation_reason") ?? "abandoned", byMerchant: false);
                result = pi;
                break;
            case "charge.refund.updated":
                if (pi is null)
                {
                    pi = NewIntent(state, account, currency, amount, confirm: true, baseUrl);
                    _sandbox.Intents.Pay(state, pi, null);
                    amount = null;
                }

                result = _sandbox.Refunds.Create(state, pi, amount, body.Str("reason") ?? "requested_by_customer",
                    body.Metadata(), null, "dashboard");
                break;
            case "checkout.session.completed":
                session ??= NewSession(state, account, currency, amount, baseUrl);
                _sandbox.Sessions.Pay(state, session, null);
                result = session;
                break;
            case "checkout.session.expired":
                session ??= NewSession(state, account, currency, amount, baseUrl);
                _sandbox.Sessions.Expire(state, session);
                result = session;
                break;
            default:
                if (!EventPublisher.KnownTypes.Contains(type))
                    throw ApiException.Invalid("type",
                        $"Unknown event type {type}. Known: {string.Join(", ", EventPublisher.KnownTypes)}.");
                // A named intent is the one disputed, so a shop can find its order from the event.
                var fixture = Fixture(type, account, currency, amount ?? pi?.Amount ?? 2000, pi?.Id);
                var evt = _sandbox.Events.Publish(state, account, type, fixture);
                return new JsonObject
                {
                    ["type"] = type,
                    ["event"] = evt?.Snapshot(),
                    ["object"] = fixture.DeepClone()
                };
        }

        return new JsonObject { ["type"] = type, ["object"] = result.Snapshot() };
    }

    private static Account AccountFor(JsonObject body, HttpRequest http)
    {
        var key = body.Str("secret_key");
        if (key is null)
        {
            var auth = http.Headers.Authorization.ToString();
            if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) key = auth[7..].Trim();
            else if (auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    key = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(auth[6..].Trim())).Split(':')[0];
                }
                catch (FormatException)
                {
                    key = null;
                }
            }
        }

        key = string.IsNullOrEmpty(key) ? DefaultFixtureKey : key;
        return new Account(key, key.StartsWith("sk_live_", StringComparison.Ordinal));
    }

    private PaymentIntent Confirmed(SandboxState state, PaymentIntent? pi, Account account, string currency,
        long? amount, string baseUrl)
    {
        if (pi is null) return NewIntent(state, account, currency, amount, confirm: true, baseUrl);
        if (pi.CheckoutSessionId is null
            && pi.Status is IntentStatus.RequiresPaymentMethod or IntentStatus.RequiresConfirmation)
            _sandbox.Intents.Confirm(state, pi, pi.ReturnUrl ?? "https://merchant.example/return", null);
        return pi;
    }

    private PaymentIntent NewIntent(SandboxState state, Account account, string currency, long? amount, bool confirm,
        string baseUrl) =>
        _sandbox.Intents.Create(state, account, new PaymentIntentService.CreateParams(
            amount ?? 2000, currency, confirm, "WEB", "https://merchant.example/return",
            new Dictionary<string, string> { ["sandbox_fixture"] = "true" }, null, "(sandbox trigger fixture)",
            null), baseUrl);

    private CheckoutSession NewSession(SandboxState state, Account account, string currency,
        long? amount, string baseUrl)
    {
        var value = amount ?? 2000;
        var item = new JsonObject
        {
            ["id"] = IdGenerator.NextId("li"),
            ["object"] = "item",
            ["currency"] = currency,
            ["description"] = "Sandbox fixture",
            ["price"] = null,
            ["quantity"] = 1,
            ["amount_subtotal"] = value,
            ["amount_total"] = value,
        };
        return _sandbox.Sessions.Create(state, account, new CheckoutSessionService.CreateParams(
            currency, new JsonArray(item), value, "https://merchant.example/success?session_id={CHECKOUT_SESSION_ID}",
            "https://merchant.example/cancel", null, null, "WEB", null, null,
            new Dictionary<string, string> { ["sandbox_fixture"] = "true" }, null, null), baseUrl);
    }

    private void Republish(SandboxState state, PaymentIntent pi, string type) =>
        _sandbox.Events.Publish(state, pi.Account, type, pi.Snapshot());

    private static JsonObject Fixture(string type, Account account, string currency, long amount,
        string? paymentIntentId) => type switch
    {
        "charge.dispute.updated" => new JsonObject
        {
            ["id"] = IdGenerator.NextId("dp"),
            ["object"] = "dispute",
            ["created"] = Clock.NowMs,
            ["amount"] = amount,
            ["currency"] = currency,
            ["livemode"] = account.Livemode,
            ["reason"] = "general",
            ["status"] = "needs_response",
            ["payment_intent"] = paymentIntentId ?? IdGenerator.NextId("pi"),
        },
        _ => new JsonObject
        {
            ["id"] = IdGenerator.NextId("pi"),
            ["object"] = "payment_intent",
            ["created"] = Clock.NowMs,
            ["amount"] = amount,
            ["currency"] = currency,
            ["livemode"] = account.Livemode,
            ["status"] = "processing",
        },
    };
}
