#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>Event type names WooshPay sends (enabled_events, WebhookEvent.Type).</summary>
public static class WebhookEventTypes
{
    public const string PaymentIntentCreated = "payment_intent.created";
    public const string PaymentIntentRequiresAction = "payment_intent.requires_action";
    public const string PaymentIntentSucceeded = "payment_intent.succeeded";
    public const string PaymentIntentPaymentFailed = "payment_intent.payment_failed";
    public const string PaymentIntentCanceled = "payment_intent.canceled";
    public const string ChargeRefundUpdated = "charge.refund.updated";
    public const string ChargeDisputeUpdated = "charge.dispute.updated";
    public const string CheckoutSessionCompleted = "checkout.session.completed";
    public const string CheckoutSessionExpired = "checkout.session.expired";
}
