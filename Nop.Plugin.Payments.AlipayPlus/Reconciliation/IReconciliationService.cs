namespace Nop.Plugin.Payments.AlipayPlus.Reconciliation;

/// <summary>
/// Finds payments and refunds that never heard back from WooshPay (lost webhooks, closed browsers) and
/// settles them through the same paths as webhooks. Bounded per run; the database decides what is done.
/// </summary>
public interface IReconciliationService
{
    Task<ReconciliationReport> RunAsync(CancellationToken cancellationToken = default);
}
