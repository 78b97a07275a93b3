using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>
/// Events about one of the shop's payment attempts (payment_intent.*, checkout.session.*). The event only says
/// "look again": the attempt it names is settled from what WooshPay reports now, never from the event body.
/// </summary>
public class AttemptEventHandler : IWebhookEventHandler
{
    private const string PaymentIntentPrefix = "payment_intent.";
    private const string CheckoutSessionPrefix = "checkout.session.";

    private readonly ILogger _logger;
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly PaymentSettlement _settlement;

    public AttemptEventHandler(ILogger logger, IPaymentRecordStore paymentRecords, PaymentSettlement settlement)
    {
        _logger = logger;
        _paymentRecords = paymentRecords;
        _settlement = settlement;
    }

    public bool CanHandle(string eventType) =>
        eventType?.StartsWith(PaymentIntentPrefix, StringComparison.Ordinal) == true
        || eventType?.StartsWith(CheckoutSessionPrefix, StringComparison.Ordinal) == true;

    public async Task<WebhookResult> HandleAsync(StoreConfiguration store, WebhookEvent webhookEvent,
        CancellationToken cancellationToken)
    {
        var storeId = store.StoreId;
        var (objectName, objectId, payment) = await FindAttemptAsync(webhookEvent);
        if (payment is null)
        {
            await _logger.WarningAsync($"Alipay+ webhook {webhookEvent.Id} ({webhookEvent.Type}) names {objectName} " +
                $"{objectId}, which no order of this shop has; nothing changed.");
            return WebhookResult.Handled($"unknown {objectName}; nothing changed");
        }

        // Store 0 is the shared configuration that every store without its own keys uses.
        if (storeId != 0 && payment.StoreId != storeId)
            return WebhookResult.Handled($"{objectName} belongs to store {payment.StoreId}; nothing changed here");

        var result = await _settlement.SyncAsync(payment, webhookEvent.Type, cancellationToken, store);
        return WebhookResult.Handled($"order {payment.OrderId}: {result.Outcome}");
    }

    /// <summary>
    /// The WooshPay object the event names (in words, for notes and logs), its id, and the shop's attempt for it
    /// (null when the shop has none). A session's attempt is found by the session: its intent may not exist yet.
    /// </summary>
    private async Task<(string ObjectName, string ObjectId, AlipayPlusPayment Payment)> FindAttemptAsync(
        WebhookEvent webhookEvent)
    {
        if (webhookEvent.Type.StartsWith(CheckoutSessionPrefix, StringComparison.Ordinal))
        {
            var sessionId = webhookEvent.GetDataObject<CheckoutSession>()?.Id;
            return ("checkout session", sessionId, await _paymentRecords.GetByCheckoutSessionIdAsync(sessionId));
        }

        var intentId = webhookEvent.GetDataObject<PaymentIntent>()?.Id;
        return ("payment intent", intentId, await _paymentRecords.GetByPaymentIntentIdAsync(intentId));
    }
}
