using System.Text.Json;
using System.Text.Json.Nodes;
using WooshPay.Sandbox.Api;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Faults;
using WooshPay.Sandbox.Hosted;
using WooshPay.Sandbox.Model;

namespace WooshPay.Sandbox.Admin;

/// <summary>
/// /_sandbox: the test harness's remote control (no auth; the sandbox is a loopback tool).
/// Never subject to fault injection, so a test can always observe and repair.
/// </summary>
public static class AdminEndpoints
{
    public const string Prefix = "/_sandbox";

    private static readonly JsonSerializerOptions StrictFaultJson = new(SandboxJson.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        var g = app.MapGroup(Prefix);

        g.MapGet("/faults", (SandboxRuntime s) => Results.Content(
            JsonSerializer.Serialize(s.Faults.Current, StrictFaultJson), "application/json"));
        g.MapPost("/faults", (HttpContext ctx, SandboxRuntime s) => Run(ctx, body =>
        {
            s.Faults.Replace(ParseFaults(body));
            return JsonSerializer.SerializeToNode(s.Faults.Current, StrictFaultJson)!;
        }));

        // One secret key's own settings: parallel tests each fault their own calls and webhooks only.
        g.MapGet("/faults/{secretKey}", (string secretKey, HttpContext ctx, SandboxRuntime s) => Run(ctx, _ =>
            JsonSerializer.SerializeToNode(s.Faults.For(secretKey), StrictFaultJson)!));
        g.MapPost("/faults/{secretKey}", (string secretKey, HttpContext ctx, SandboxRuntime s) => Run(ctx, body =>
        {
            s.Faults.Replace(secretKey, ParseFaults(body));
            return JsonSerializer.SerializeToNode(s.Faults.For(secretKey), StrictFaultJson)!;
        }));
        g.MapDelete("/faults/{secretKey}", (string secretKey, HttpContext ctx, SandboxRuntime s) => Run(ctx, _ =>
            new JsonObject { ["secret_key"] = secretKey, ["deleted"] = s.Faults.Remove(secretKey) }));

        g.MapPost("/reset", (HttpContext ctx, SandboxRuntime s) => Run(ctx, _ =>
        {
            s.Reset();
            return new JsonObject { ["reset"] = true };
        }));

        g.MapGet("/state", (HttpContext ctx, SandboxRuntime s) => Run(ctx, _ => StateDocument(s.State)));

        g.MapGet("/deliveries", (HttpContext ctx, SandboxRuntime s) => Run(ctx, _ => Deliveries(ctx, s.State)));
        g.MapGet("/deliveries/{id}",
            (string id, HttpContext ctx, SandboxRuntime s) => Run(ctx, _ => FindDelivery(s.State, id).Snapshot()));
        g.MapPost("/deliveries/{id}/resend", (string id, HttpContext ctx, SandboxRuntime s) => Run(ctx, _ =>
        {
            var state = s.State;
            var delivery = FindDelivery(state, id);
            s.Webhooks.Resend(state, delivery);
            return delivery.Snapshot();
        }));
        g.MapPost("/events/{id}/resend", (string id, HttpContext ctx, SandboxRuntime s) => Run(ctx, _ =>
        {
            var state = s.State;
            var evt = state.Events.TryGetValue(id, out var e) ? e : throw ApiException.NotFound("event", id);
            var sent = s.Events.Resend(state, evt);
            return List($"{Prefix}/events/{id}/resend", sent.Select(d => (JsonNode)d.Snapshot()));
        }));

        g.MapPost("/trigger",
            (HttpContext ctx, SandboxRuntime s) => Run(ctx, body => new TriggerService(s).Trigger(body, ctx.Request)));

        g.MapPost("/payment_intents/{id}/{action}",
            (string id, string action, HttpContext ctx, SandboxRuntime s) => Run(ctx, body =>
        {
            var state = s.State;
            var pi = state.PaymentIntents.TryGetValue(id, out var p)
                ? p
                : throw ApiException.NotFound("payment_intent", id);
            switch (action)
            {
                case "pay": s.Intents.Pay(state, pi, body.Str("wallet")); break;
                case "fail": s.Intents.Fail(state, pi, body.Str("message")); break;
                case "cancel": s.Intents.CancelByShopper(state, pi); break;
                case "expire":
                    if (pi.CheckoutSessionId is not null)
                        throw ApiException.UnexpectedState($"PaymentIntent {pi.Id} belongs to Checkout Session " +
                            $"{pi.CheckoutSessionId}; expire the session.");
                    s.Intents.Cancel(state, pi, "expired", byMerchant: false);
                    break;
                default: throw ApiException.NotFound("action", action, "action");
            }

            return pi.Snapshot();
        }));

        g.MapPost("/checkout/sessions/{id}/{action}",
            (string id, string action, HttpContext ctx, SandboxRuntime s) => Run(ctx, body =>
        {
            var state = s.State;
            var session = state.CheckoutSessions.TryGetValue(id, out var cs)
                ? cs
                : throw ApiException.NotFound("checkout.session", id);
            switch (action)
            {
                case "pay": s.Sessions.Pay(state, session, body.Str("wallet")); break;
                case "fail": s.Sessions.Fail(state, session); break;
                case "cancel": HostedPages.EnsureOpen(s, state, session); break;
                case "expire": s.Sessions.Expire(state, session); break;
                default: throw ApiException.NotFound("action", action, "action");
            }

            return session.Snapshot();
        }));

        g.MapPost("/refunds", (HttpContext ctx, SandboxRuntime s) => Run(ctx, body =>
        {
            // A dashboard refund: same rules and events as the API, no key, no idempotency.
            var piId = body.RequiredStr("payment_intent");
            var pi = s.State.PaymentIntents.TryGetValue(piId, out var p)
                ? p
                : throw ApiException.NotFound("payment_intent", piId, "payment_intent");
            return RefundEndpoints.CreateRefund(s, pi.Account, body, "dashboard").Snapshot();
        }));

        g.MapPost("/refunds/{id}/settle", (string id, HttpContext ctx, SandboxRuntime s) => Run(ctx, _ =>
        {
            // Settle now instead of waiting RefundSettleDelay (outcome rules unchanged).
            var state = s.State;
            var refund = state.Refunds.TryGetValue(id, out var r) ? r : throw ApiException.NotFound("refund", id);
            s.Refunds.Settle(state, refund);
            return refund.Snapshot();
        }));
    }

    private static FaultSettings ParseFaults(JsonObject body)
    {
        FaultSettings settings;
        try
        {
            settings = body.Deserialize<FaultSettings>(StrictFaultJson) ?? new FaultSettings();
        }
        catch (JsonException e)
        {
            throw ApiException.Invalid(null, "Invalid fault settings: " + e.Message);
        }

        if (settings.FindInvalid() is { } bad)
            throw ApiException.Invalid(bad,
                $"{bad} is out of range (rates 0..1, times and counts >= 0, modes one of the names in the README).");
        return settings;
    }

    private static async Task Run(HttpContext ctx, Func<JsonObject, JsonNode> action)
    {
        ApiResult result;
        try
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
            result = ApiResult.Json(action(JsonBody.Parse(buffer.ToArray())));
        }
        catch (ApiException e)
        {
            result = e.ToResult();
        }

        await result.WriteAsync(ctx);
    }

    private static JsonObject StateDocument(SandboxState state) => new()
    {
        ["object"] = "sandbox_state",
        ["payment_intents"] = Array(state.PaymentIntents.Values, pi =>
        {
            var json = pi.Snapshot();
            lock (pi.Sync)
            {
                // Internal bookkeeping the API does not show, useful for reconciliation checks.
                json["sandbox"] = new JsonObject
                {
                    ["checkout_session"] = pi.CheckoutSessionId,
                    ["amount_refunded"] = pi.AmountRefunded,
                    ["wallet"] = pi.Wallet,
                    ["action_expires_at"] = pi.ActionExpiresAt,
                };
            }

            return json;
        }),
        ["checkout_sessions"] = Array(state.CheckoutSessions.Values, s => s.Snapshot()),
        ["refunds"] = Array(state.Refunds.Values, r =>
        {
            var json = r.Snapshot();
            json["sandbox"] = new JsonObject { ["source"] = r.Source };
            return json;
        }),
        ["webhook_endpoints"] = Array(state.WebhookEndpoints.Values, e => e.Snapshot()),
        ["event_count"] = state.Events.Count,
        ["delivery_count"] = state.Deliveries.Count,
    };

    private static JsonArray Array<T>(IEnumerable<T> values, Func<T, JsonObject> render) where T : SandboxObject =>
        new(values.OrderByDescending(v => v.Sequence).Select(v => (JsonNode)render(v)).ToArray());

    private static JsonObject Deliveries(HttpContext ctx, SandboxState state)
    {
        IEnumerable<WebhookDelivery> all = state.Deliveries.Values;
        var q = ctx.Request.Query;
        if (q.TryGetValue("event_id", out var eventId)) all = all.Where(d => d.Event.Id == eventId.ToString());
        if (q.TryGetValue("endpoint_id", out var endpointId))
            all = all.Where(d => d.Endpoint.Id == endpointId.ToString());
        if (q.TryGetValue("type", out var type)) all = all.Where(d => d.Event.Type == type.ToString());
        if (q.TryGetValue("state", out var st)) all = all.Where(d => d.State == st.ToString());
        if (q.TryGetValue("object_id", out var objectId)) all = all.Where(d => d.Event.ObjectId == objectId.ToString());
        return List($"{Prefix}/deliveries",
            all.OrderByDescending(d => d.Created).ThenByDescending(d => d.Id).Select(d => (JsonNode)d.Snapshot()));
    }

    private static JsonObject List(string url, IEnumerable<JsonNode> data) => new()
    {
        ["object"] = "list",
        ["url"] = url,
        ["has_more"] = false,
        ["data"] = new JsonArray(data.ToArray()),
    };

    private static WebhookDelivery FindDelivery(SandboxState state, string id) =>
        state.Deliveries.TryGetValue(id, out var d) ? d : throw ApiException.NotFound("webhook delivery", id);
}
