using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// charge.refund.updated: settles the refund from its state fetched from WooshPay, not from the event body.
/// </summary>
public class RefundEventHandler : IWebhookEventHandler
{
    private readonly IWooshPayClient _client;
    private readonly IRefundUpdater _refundUpdater;
    private readonly ISettingService _settingService;

    public RefundEventHandler(IWooshPayClient client, IRefundUpdater refundUpdater, ISettingService settingService)
    {
        _client = client;
        _refundUpdater = refundUpdater;
        _settingService = settingService;
    }

    public bool CanHandle(string eventType) => eventType == WebhookEventTypes.ChargeRefundUpdated;

    public async Task<WebhookResult> HandleAsync(int storeId, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var refundId = webhookEvent.GetDataObject<Refund>()?.Id;
        if (string.IsNullOrEmpty(refundId))
            return WebhookResult.Rejected("the event carries no refund id");

        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(storeId);
        var refund = await _client.GetRefundAsync(settings.ToWooshPayAccount(), refundId, cancellationToken);
        var outcome = await _refundUpdater.ApplyAsync(refund, webhookEvent.Type);
        return WebhookResult.Handled($"refund {refundId}: {outcome}");
    }
}
