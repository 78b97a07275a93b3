namespace Nop.Plugin.Payments.AlipayPlus.Admin;

/// <summary>
/// Creates, or finds, the WooshPay webhook endpoint of a store and keeps its signing secret in the store's settings.
/// </summary>
public interface IWebhookRegistrar
{
    /// <param name="storeScope">The store whose settings hold the key
    /// and receive the secret; 0 for the shared settings.</param>
    Task<WebhookRegistration> RegisterAsync(int storeScope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes at WooshPay every endpoint whose id the shared or a store's settings
    /// hold (the plugin is being uninstalled), logging each deletion and, as
    /// a warning naming it, each endpoint it could not delete. Never throws.
    /// </summary>
    Task<IReadOnlyList<WebhookRemoval>> UnregisterAllAsync(CancellationToken cancellationToken = default);
}
