using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Data;

/// <summary>
/// The plugin's table of payment attempts.
/// </summary>
public interface IPaymentRecordStore
{
    Task<AlipayPlusPayment> GetByIdAsync(int id);

    Task<IList<AlipayPlusPayment>> GetByOrderIdAsync(int orderId);

    Task<AlipayPlusPayment> GetLatestByOrderIdAsync(int orderId);

    Task<AlipayPlusPayment> GetByPaymentIntentIdAsync(string paymentIntentId);

    Task<AlipayPlusPayment> GetByCheckoutSessionIdAsync(string checkoutSessionId);

    /// <summary>
    /// Attempts not yet settled one way or the other, oldest first, after <paramref name="afterId"/>.
    /// </summary>
    Task<IList<AlipayPlusPayment>> GetUnsettledAsync(DateTime createdAfterUtc, int afterId, int maxCount);

    /// <summary>
    /// Attempts opened between <paramref name="createdAfterUtc"/> and <paramref name="createdBeforeUtc"/> that WooshPay
    /// may still take a payment on (<see cref="AttemptLifecycle.MayBeAbandoned"/>) and that it knows of, oldest first.
    /// </summary>
    Task<IList<AlipayPlusPayment>> GetAbandonedAsync(DateTime createdAfterUtc, DateTime createdBeforeUtc, int maxCount);

    /// <summary>
    /// Stores with at least one paid attempt: their WooshPay
    /// accounts are where refunds the shop has not heard of can be.
    /// </summary>
    Task<IList<int>> GetStoreIdsWithPaidAttemptsAsync();

    Task InsertAsync(AlipayPlusPayment payment);

    Task UpdateAsync(AlipayPlusPayment payment);
}
