using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>
/// Acts on one family of verified webhook events.
/// </summary>
public interface IWebhookEventHandler
{
    bool CanHandle(string eventType);

    /// <summary>
    /// True when reconciliation finishes whatever a crash in this handler cuts short (it asks WooshPay about every
    /// open attempt), so the event may be claimed as done in one insert before it is handled.
    /// </summary>
    bool ReconciliationFinishes => false;

    Task<WebhookResult> HandleAsync(int storeId, WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
