using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Data;

public class PaymentRecordStore : IPaymentRecordStore
{
    private readonly IRepository<AlipayPlusPayment> _repository;

    public PaymentRecordStore(IRepository<AlipayPlusPayment> repository)
    {
        _repository = repository;
    }

    public Task<AlipayPlusPayment> GetByIdAsync(int id)
    {
        return _repository.GetByIdAsync(id);
    }

    public Task<IList<AlipayPlusPayment>> GetByOrderIdAsync(int orderId)
    {
        return _repository.GetAllAsync(query => query
            .Where(payment => payment.OrderId == orderId)
            .OrderBy(payment => payment.Attempt));
    }

    public async Task<AlipayPlusPayment> GetLatestByOrderIdAsync(int orderId)
    {
        var latest = await _repository.GetAllAsync(query => query
            .Where(payment => payment.OrderId == orderId)
            .OrderByDescending(payment => payment.Attempt)
            .Take(1));
        return latest.FirstOrDefault();
    }

    public async Task<AlipayPlusPayment> GetByPaymentIntentIdAsync(string paymentIntentId)
    {
        if (string.IsNullOrEmpty(paymentIntentId))
            return null;

        var found = await _repository.GetAllAsync(
            query => query.Where(payment => payment.PaymentIntentId == paymentIntentId).Take(1));
        return found.FirstOrDefault();
    }

    public async Task<AlipayPlusPayment> GetByCheckoutSessionIdAsync(string checkoutSessionId)
    {
        if (string.IsNullOrEmpty(checkoutSessionId))
            return null;

        var found = await _repository.GetAllAsync(
            query => query.Where(payment => payment.CheckoutSessionId == checkoutSessionId).Take(1));
        return found.FirstOrDefault();
    }

    public Task<IList<AlipayPlusPayment>> GetUnsettledAsync(DateTime createdAfterUtc, int afterId, int maxCount)
    {
        return _repository.GetAllAsync(query => query
            .Where(payment => payment.Id > afterId && payment.CreatedOnUtc >= createdAfterUtc
                && (payment.Status == PaymentIntentStatus.RequiresAction
                    || payment.Status == PaymentIntentStatus.RequiresPaymentMethod
                    || payment.Status == PaymentIntentStatus.RequiresConfirmation
                    || payment.Status == PaymentIntentStatus.Processing
                    || payment.Status == PaymentRecordStatus.PaymentFailed
                    || payment.Status == PaymentRecordStatus.Closing
                    || payment.Status == PaymentRecordStatus.Abandoning
                    || payment.Status == PaymentRecordStatus.Creating))
            .OrderBy(payment => payment.Id)
            .Take(maxCount));
    }

    public Task<IList<AlipayPlusPayment>> GetAbandonedAsync(DateTime createdAfterUtc,
        DateTime createdBeforeUtc, int maxCount)
    {
        // The statuses of AttemptLifecycle.MayBeAbandoned, spelled out for the query.
        return _repository.GetAllAsync(query => query
            .Where(payment => payment.CreatedOnUtc >= createdAfterUtc && payment.CreatedOnUtc < createdBeforeUtc
                && (payment.PaymentIntentId != null || payment.CheckoutSessionId != null)
                && (payment.Status == PaymentIntentStatus.RequiresAction
                    || payment.Status == PaymentIntentStatus.RequiresPaymentMethod
                    || payment.Status == PaymentIntentStatus.RequiresConfirmation
                    || payment.Status == PaymentRecordStatus.PaymentFailed
                    || payment.Status == PaymentRecordStatus.Closing
                    || payment.Status == PaymentRecordStatus.Abandoning))
            .OrderBy(payment => payment.Id)
            .Take(maxCount));
    }

    public async Task<IList<int>> GetStoreIdsWithPaidAttemptsAsync()
    {
        return await _repository.Table
            .Where(payment => payment.Status == PaymentIntentStatus.Succeeded)
            .Select(payment => payment.StoreId)
            .Distinct()
            .ToListAsync();
    }

    public Task InsertAsync(AlipayPlusPayment payment)
    {
        return _repository.InsertAsync(payment, false);
    }

    public Task UpdateAsync(AlipayPlusPayment payment)
    {
        return _repository.UpdateAsync(payment, false);
    }
}
