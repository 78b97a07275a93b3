using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>
/// Acts on one family of verified webhook events.
/// </summary>
public interface IWebhookEventHandler
{
    bool CanHandle(string eventType);

    Task<WebhookResult> HandleAsync(int storeId, WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
