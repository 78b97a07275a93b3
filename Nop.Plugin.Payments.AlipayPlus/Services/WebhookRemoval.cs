namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// What became of one store's webhook endpoint at WooshPay when the plugin was uninstalled.
/// </summary>
public sealed record WebhookRemoval(int StoreScope, string EndpointId, bool Deleted, string Message);
