namespace Nop.Plugin.Payments.AlipayPlus.Admin;

/// <summary>
/// What became of one store's webhook endpoint at WooshPay when the plugin was uninstalled.
/// </summary>
public sealed record WebhookRemoval(int StoreScope, string EndpointId, bool Deleted, string Message);
