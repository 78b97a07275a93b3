using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// checkout.session.* events: settles the session's order from its PaymentIntent as WooshPay reports it.
/// </summary>
public class CheckoutSessionEventHandler : IWebhookEventHandler
{
    private readonly ILogger _logger;
    private readonly IPaymentRecordService _paymentRecords;
    private readonly IPaymentSynchronizer _synchronizer;

    public CheckoutSessionEventHandler(ILogger logger, IPaymentRecordService paymentRecords, IPaymentSynchronizer synchronizer)
    {
        _logger = logger;
        _paymentRecords = paymentRecords;
        _synchronizer = synchronizer;
    }

    public bool CanHandle(string eventType) => eventType?.StartsWith("checkout.session.", StringComparison.Ordinal) == true;

    public async Task<WebhookResult> HandleAsync(int storeId, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var sessionId = webhookEvent.GetDataObject<CheckoutSession>()?.Id;
        var payment = await _paymentRecords.GetByCheckoutSessionIdAsync(sessionId);
        if (payment is null)
        {
            await _logger.WarningAsync($"Alipay+ webhook {webhookEvent.Id} ({webhookEvent.Type}) names checkout session {sessionId}, which no order of this shop has; nothing changed.");
            return WebhookResult.Handled("unknown checkout session; nothing changed");
        }

        // Store 0 is the shared configuration that every store without its own keys uses.
        if (storeId != 0 && payment.StoreId != storeId)
            return WebhookResult.Handled($"checkout session belongs to store {payment.StoreId}; nothing changed here");

        var result = await _synchronizer.SyncAsync(payment, webhookEvent.Type, cancellationToken);
        return WebhookResult.Handled($"order {payment.OrderId}: {result.Outcome}");
    }
}
