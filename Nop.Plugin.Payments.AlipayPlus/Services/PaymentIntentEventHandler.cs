using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// payment_intent.* events: the event only says "look again"; the order is settled from the intent fetched from WooshPay.
/// </summary>
public class PaymentIntentEventHandler : IWebhookEventHandler
{
    private readonly ILogger _logger;
    private readonly IPaymentRecordService _paymentRecords;
    private readonly IPaymentSynchronizer _synchronizer;

    public PaymentIntentEventHandler(ILogger logger, IPaymentRecordService paymentRecords, IPaymentSynchronizer synchronizer)
    {
        _logger = logger;
        _paymentRecords = paymentRecords;
        _synchronizer = synchronizer;
    }

    public bool CanHandle(string eventType) => eventType?.StartsWith("payment_intent.", StringComparison.Ordinal) == true;

    public async Task<WebhookResult> HandleAsync(int storeId, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var intentId = webhookEvent.GetDataObject<PaymentIntent>()?.Id;
        var payment = await _paymentRecords.GetByPaymentIntentIdAsync(intentId);
        if (payment is null)
        {
            await _logger.WarningAsync($"Alipay+ webhook {webhookEvent.Id} ({webhookEvent.Type}) names payment intent {intentId}, which no order of this shop has; nothing changed.");
            return WebhookResult.Handled("unknown payment intent; nothing changed");
        }

        // Store 0 is the shared configuration that every store without its own keys uses.
        if (storeId != 0 && payment.StoreId != storeId)
            return WebhookResult.Handled($"payment intent belongs to store {payment.StoreId}; nothing changed here");

        var result = await _synchronizer.SyncAsync(payment, webhookEvent.Type, cancellationToken);
        return WebhookResult.Handled($"order {payment.OrderId}: {result.Outcome}");
    }
}
