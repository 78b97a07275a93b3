using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>
/// charge.refund.updated: settles the refund from its state fetched from WooshPay, not from the event body.
/// </summary>
public class RefundEventHandler : IWebhookEventHandler
{
    private readonly RefundSettlement _refundSettlement;

    public RefundEventHandler(RefundSettlement refundSettlement)
    {
        _refundSettlement = refundSettlement;
    }

    public bool CanHandle(string eventType) => eventType == WebhookEventTypes.ChargeRefundUpdated;

    public async Task<WebhookResult> HandleAsync(StoreConfiguration store, WebhookEvent webhookEvent,
        CancellationToken cancellationToken)
    {
        var refundId = webhookEvent.GetDataObject<Refund>()?.Id;
        if (string.IsNullOrEmpty(refundId))
            return WebhookResult.Rejected("the event carries no refund id");

        var outcome = await _refundSettlement.SyncAsync(store, refundId, webhookEvent.Type, cancellationToken);
        return WebhookResult.Handled($"refund {refundId}: {outcome}");
    }
}
