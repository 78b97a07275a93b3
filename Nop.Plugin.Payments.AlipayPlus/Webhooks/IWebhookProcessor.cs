namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>
/// Turns one signed WooshPay webhook delivery into at most one change of its order.
/// </summary>
public interface IWebhookProcessor
{
    Task<WebhookResult> ProcessAsync(int storeId, byte[] rawBody, string signatureHeader,
        CancellationToken cancellationToken = default);
}
