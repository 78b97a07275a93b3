using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>
/// Events about one of the shop's payment attempts (payment_intent.*, checkout.session.*). The event only says
/// "look again": the attempt it names is settled from what WooshPay reports now, never from the event body.
/// </summary>
public abstract class AttemptEventHandler : IWebhookEventHandler
{
    private readonly ILogger _logger;
    private readonly IPaymentSynchronizer _synchronizer;

    protected AttemptEventHandler(ILogger logger, IPaymentSynchronizer synchronizer)
    {
        _logger = logger;
        _synchronizer = synchronizer;
    }

    /// <summary>The event type prefix this handler takes, e.g. "payment_intent.".</summary>
    protected abstract string EventPrefix { get; }

    /// <summary>The WooshPay object the events are about, in words for notes and logs.</summary>
    protected abstract string ObjectName { get; }

    /// <summary>The id of the object the event names, and the shop's attempt for it (null when the shop has none).</summary>
    protected abstract Task<(string ObjectId, AlipayPlusPayment Payment)> FindAttemptAsync(WebhookEvent webhookEvent);

    public bool CanHandle(string eventType) => eventType?.StartsWith(EventPrefix, StringComparison.Ordinal) == true;

    // Every open attempt is asked about again by reconciliation, and each effect of settling one is claimed on its own.
    public bool ReconciliationFinishes => true;

    public async Task<WebhookResult> HandleAsync(int storeId, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var (objectId, payment) = await FindAttemptAsync(webhookEvent);
        if (payment is null)
        {
            await _logger.WarningAsync($"Alipay+ webhook {webhookEvent.Id} ({webhookEvent.Type}) names {ObjectName} {objectId}, which no order of this shop has; nothing changed.");
            return WebhookResult.Handled($"unknown {ObjectName}; nothing changed");
        }

        // Store 0 is the shared configuration that every store without its own keys uses.
        if (storeId != 0 && payment.StoreId != storeId)
            return WebhookResult.Handled($"{ObjectName} belongs to store {payment.StoreId}; nothing changed here");

        var result = await _synchronizer.SyncAsync(payment, webhookEvent.Type, cancellationToken);
        return WebhookResult.Handled($"order {payment.OrderId}: {result.Outcome}");
    }
}
