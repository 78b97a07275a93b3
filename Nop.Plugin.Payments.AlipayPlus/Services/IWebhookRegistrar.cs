namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// Creates, or finds, the WooshPay webhook endpoint of a store and keeps its signing secret in the store's settings.
/// </summary>
public interface IWebhookRegistrar
{
    /// <param name="storeScope">The store whose settings hold the key and receive the secret; 0 for the shared settings.</param>
    Task<WebhookRegistration> RegisterAsync(int storeScope, CancellationToken cancellationToken = default);
}
