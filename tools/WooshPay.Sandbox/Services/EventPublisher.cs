using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;
using WooshPay.Sandbox.Webhooks;

namespace WooshPay.Sandbox.Services;

/// <summary>
/// Records an event for a state change and hands one delivery per subscribed endpoint to the
/// dispatcher. Called while the changed object is still locked, so events of one object are
/// recorded in the order its changes happened; nothing here blocks on the network.
/// </summary>
public sealed class EventPublisher
{
    private readonly SandboxRuntime _sandbox;

    public EventPublisher(SandboxRuntime sandbox) => _sandbox = sandbox;

    public static readonly string[] KnownTypes =
    [
        "payment_intent.created", "payment_intent.requires_action", "payment_intent.succeeded",
        "payment_intent.payment_failed", "payment_intent.canceled", "payment_intent.processing",
        "charge.refund.updated", "charge.dispute.updated",
        "checkout.session.completed", "checkout.session.expired",
    ];

    /// <summary>The event types WooshPay's documentation names; the rest
    /// of <see cref="KnownTypes"/> are sent by the sandbox too.</summary>
    public static readonly string[] DocumentedTypes =
    [
        "payment_intent.created", "payment_intent.requires_action", "payment_intent.succeeded",
        "payment_intent.payment_failed", "payment_intent.canceled",
        "charge.refund.updated", "charge.dispute.updated",
    ];

    public SandboxEvent? Publish(SandboxState state, Account account, string type, JsonObject dataObject)
    {
        if (state.IsDiscarded) return null;

        var evt = new SandboxEvent(account, type, dataObject, _sandbox.Options.ApiVersion);
        var endpoints = state.WebhookEndpoints.Values
            .Where(e => e.Account.SecretKey == account.SecretKey && e.Wants(type))
            .OrderBy(e => e.Sequence)
            .ToList();
        evt.AddPending(endpoints.Count);
        state.Events[evt.Id] = evt;

        foreach (var endpoint in endpoints)
        {
            var delivery = new WebhookDelivery(evt, endpoint);
            state.Deliveries[delivery.Id] = delivery;
            _sandbox.Webhooks.Submit(state, delivery, _sandbox.Faults.DecideWebhook(account.SecretKey));
        }

        return evt;
    }

    /// <summary>Like <c>stripe events resend</c>: a fresh, fault-free
    /// delivery to each endpoint that wants the event now.</summary>
    public List<WebhookDelivery> Resend(SandboxState state, SandboxEvent evt)
    {
        var deliveries = new List<WebhookDelivery>();
        foreach (var endpoint in state.WebhookEndpoints.Values
                     .Where(e => e.Account.SecretKey == evt.Account.SecretKey && e.Wants(evt.Type))
                     .OrderBy(e => e.Sequence))
        {
            var delivery = new WebhookDelivery(evt, endpoint);
            evt.AddPending(1);
            state.Deliveries[delivery.Id] = delivery;
            _sandbox.Webhooks.Submit(state, delivery, Faults.WebhookFaultDecision.Clean);
            deliveries.Add(delivery);
        }

        return deliveries;
    }
}
