using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

public class PaymentRecordService : IPaymentRecordService
{
    private readonly IRepository<AlipayPlusPayment> _repository;

    public PaymentRecordService(IRepository<AlipayPlusPayment> repository)
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

        var found = await _repository.GetAllAsync(query => query.Where(payment => payment.PaymentIntentId == paymentIntentId).Take(1));
        return found.FirstOrDefault();
    }

    public async Task<AlipayPlusPayment> GetByCheckoutSessionIdAsync(string checkoutSessionId)
    {
        if (string.IsNullOrEmpty(checkoutSessionId))
            return null;

        var found = await _repository.GetAllAsync(query => query.Where(payment => payment.CheckoutSessionId == checkoutSessionId).Take(1));
        return found.FirstOrDefault();
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
