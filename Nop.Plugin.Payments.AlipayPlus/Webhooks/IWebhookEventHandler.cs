using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>
/// Acts on one family of verified webhook events.
/// </summary>
public interface IWebhookEventHandler
{
    bool CanHandle(string eventType);

    /// <param name="store">The configuration of the store whose webhook URL the event came to (0: the shared one),
    /// loaded once by the processor for the signature check.</param>
    Task<WebhookResult> HandleAsync(StoreConfiguration store, WebhookEvent webhookEvent,
        CancellationToken cancellationToken);
}
