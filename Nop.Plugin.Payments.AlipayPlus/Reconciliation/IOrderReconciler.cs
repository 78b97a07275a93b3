namespace Nop.Plugin.Payments.AlipayPlus.Reconciliation;

/// <summary>
/// Brings one order in line with WooshPay: every open attempt and every pending refund is fetched and
/// settled through the same paths as webhooks. Used by the admin's "Sync with WooshPay".
/// </summary>
public interface IOrderReconciler
{
    Task<OrderReconciliation> ReconcileAsync(int orderId, string source, CancellationToken cancellationToken = default);
}
