namespace Nop.Plugin.Payments.AlipayPlus.Admin;

/// <summary>
/// The public URL WooshPay must call for a store's webhooks.
/// </summary>
public interface IWebhookUrlProvider
{
    /// <param name="storeId">The store whose settings sign the
    /// events; 0 for the configuration shared by all stores.</param>
    Task<string> GetWebhookUrlAsync(int storeId);
}
