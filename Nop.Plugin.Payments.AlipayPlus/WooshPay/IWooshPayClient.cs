#nullable enable
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// The WooshPay REST calls the Alipay+ plugin makes. Every POST takes an idempotency key that the
/// caller derives from the business operation (order, refund), so a repeated call after a lost
/// answer replays the first result instead of charging or refunding twice.
/// </summary>
/// <remarks>Failures surface as <see cref="WooshPayException"/>;
/// cancellation as <see cref="OperationCanceledException"/>.</remarks>
public interface IWooshPayClient
{
    Task<PaymentIntent> CreatePaymentIntentAsync(WooshPayAccount account, PaymentIntentCreateRequest request,
        string idempotencyKey, CancellationToken cancellationToken = default);

    Task<PaymentIntent> GetPaymentIntentAsync(WooshPayAccount account, string paymentIntentId,
        CancellationToken cancellationToken = default);

    Task<PaymentIntent> CancelPaymentIntentAsync(WooshPayAccount account, string paymentIntentId,
        string cancellationReason, string idempotencyKey, CancellationToken cancellationToken = default);

    Task<Refund> CreateRefundAsync(WooshPayAccount account, RefundCreateRequest request, string idempotencyKey,
        CancellationToken cancellationToken = default);

    Task<Refund> GetRefundAsync(WooshPayAccount account, string refundId,
        CancellationToken cancellationToken = default);

    /// <param name="paymentIntentId">Only the refunds of this payment; null lists all refunds of the account.</param>
    Task<WooshPayList<Refund>> ListRefundsAsync(WooshPayAccount account, string? paymentIntentId,
        ListOptions? options = null, CancellationToken cancellationToken = default);

    Task<CheckoutSession> CreateCheckoutSessionAsync(WooshPayAccount account, CheckoutSessionCreateRequest request,
        string idempotencyKey, CancellationToken cancellationToken = default);

    Task<CheckoutSession> GetCheckoutSessionAsync(WooshPayAccount account, string sessionId,
        CancellationToken cancellationToken = default);

    Task<CheckoutSession> ExpireCheckoutSessionAsync(WooshPayAccount account, string sessionId, string idempotencyKey,
        CancellationToken cancellationToken = default);

    Task<WebhookEndpoint> CreateWebhookEndpointAsync(WooshPayAccount account, WebhookEndpointCreateRequest request,
        string idempotencyKey, CancellationToken cancellationToken = default);

    Task<WooshPayList<WebhookEndpoint>> ListWebhookEndpointsAsync(WooshPayAccount account, ListOptions? options = null,
        CancellationToken cancellationToken = default);

    Task<DeletedObject> DeleteWebhookEndpointAsync(WooshPayAccount account, string webhookEndpointId,
        CancellationToken cancellationToken = default);
}
