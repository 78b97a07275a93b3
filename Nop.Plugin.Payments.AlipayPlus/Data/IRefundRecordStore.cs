using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Data;

/// <summary>
/// The plugin's table of refunds.
/// </summary>
public interface IRefundRecordStore
{
    Task<IList<AlipayPlusRefund>> GetByOrderIdAsync(int orderId);

    Task<AlipayPlusRefund> GetByRefundIdAsync(string refundId);

    Task<AlipayPlusRefund> GetByIdempotencyKeyAsync(string idempotencyKey);

    Task<IList<AlipayPlusRefund>> GetPendingAsync(DateTime createdAfterUtc, int afterId, int maxCount);

    /// <summary>Refunds sent whose answer never came (creating a while, or unknown), oldest first.</summary>
    Task<IList<AlipayPlusRefund>> GetUnansweredAsync(DateTime createdAfterUtc, int maxCount);

    Task InsertAsync(AlipayPlusRefund refund);

    Task UpdateAsync(AlipayPlusRefund refund);
}
