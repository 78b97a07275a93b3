using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Data;

/// <summary>
/// The plugin's table of refunds.
/// </summary>
public class RefundRecordStore
{
    private readonly IRepository<AlipayPlusRefund> _repository;

    public RefundRecordStore(IRepository<AlipayPlusRefund> repository)
    {
        _repository = repository;
    }

    public Task<IList<AlipayPlusRefund>> GetByOrderIdAsync(int orderId)
    {
        return _repository.GetAllAsync(
            query => query.Where(refund => refund.OrderId == orderId).OrderBy(refund => refund.Id));
    }

    public async Task<AlipayPlusRefund> GetByRefundIdAsync(string refundId)
    {
        if (string.IsNullOrEmpty(refundId))
            return null;

        var found = await _repository.GetAllAsync(query => query.Where(refund => refund.RefundId == refundId).Take(1));
        return found.FirstOrDefault();
    }

    public async Task<AlipayPlusRefund> GetByIdempotencyKeyAsync(string idempotencyKey)
    {
        if (string.IsNullOrEmpty(idempotencyKey))
            return null;

        var found = await _repository.GetAllAsync(
            query => query.Where(refund => refund.IdempotencyKey == idempotencyKey).Take(1));
        return found.FirstOrDefault();
    }

    public Task<IList<AlipayPlusRefund>> GetPendingAsync(DateTime createdAfterUtc, int afterId, int maxCount)
    {
        return _repository.GetAllAsync(query => query
            .Where(refund => refund.Id > afterId && refund.Status == RefundStatus.Pending && refund.RefundId != null
                && refund.CreatedOnUtc >= createdAfterUtc)
            .OrderBy(refund => refund.Id)
            .Take(maxCount));
    }

    /// <summary>Refunds sent whose answer never came (creating a while, or unknown), oldest first.</summary>
    public Task<IList<AlipayPlusRefund>> GetUnansweredAsync(DateTime createdAfterUtc, int maxCount)
    {
        return _repository.GetAllAsync(query => query
            .Where(refund =>
                (refund.Status == RefundRecordStatus.Unknown || refund.Status == RefundRecordStatus.Creating)
                && refund.CreatedOnUtc >= createdAfterUtc)
            .OrderBy(refund => refund.Id)
            .Take(maxCount));
    }

    public Task InsertAsync(AlipayPlusRefund refund)
    {
        return _repository.InsertAsync(refund, false);
    }

    public Task UpdateAsync(AlipayPlusRefund refund)
    {
        return _repository.UpdateAsync(refund, false);
    }
}
