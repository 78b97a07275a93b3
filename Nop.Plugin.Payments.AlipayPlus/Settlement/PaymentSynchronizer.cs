using Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Services.Configuration;

namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

public class PaymentSynchronizer : IPaymentSynchronizer
{
    private readonly IEnumerable<IPaymentFlow> _flows;
    private readonly IPaymentSettlement _paymentSettlement;
    private readonly ISettingService _settingService;

    public PaymentSynchronizer(IEnumerable<IPaymentFlow> flows, IPaymentSettlement paymentSettlement,
        ISettingService settingService)
    {
        _flows = flows;
        _paymentSettlement = paymentSettlement;
        _settingService = settingService;
    }

    public async Task<SyncResult> SyncAsync(AlipayPlusPayment payment, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payment);

        // Nothing exists at WooshPay for an attempt it refused or never confirmed.
        if (string.IsNullOrEmpty(payment.PaymentIntentId) && string.IsNullOrEmpty(payment.CheckoutSessionId))
            return new SyncResult(payment.Status, SettlementOutcome.Pending, payment.Status, payment.Status);

        var statusBefore = payment.Status;
        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(payment.StoreId);
        var handler = _flows.First(candidate => candidate.Flow == payment.Flow);
        var intent = await handler.FetchIntentAsync(settings.ToWooshPayAccount(), payment, cancellationToken);
        var outcome = await _paymentSettlement.ApplyAsync(payment, intent, source);

        return new SyncResult(intent.Status, outcome, statusBefore, payment.Status);
    }
}
