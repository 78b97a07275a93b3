using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>checkout.session.* events: settles the session's order from its PaymentIntent as WooshPay reports it.</summary>
public class CheckoutSessionEventHandler : AttemptEventHandler
{
    private readonly IPaymentRecordStore _paymentRecords;

    public CheckoutSessionEventHandler(ILogger logger, IPaymentRecordStore paymentRecords, IPaymentSynchronizer synchronizer)
        : base(logger, synchronizer)
    {
        _paymentRecords = paymentRecords;
    }

    protected override string EventPrefix => "checkout.session.";

    protected override string ObjectName => "checkout session";

    protected override async Task<(string ObjectId, AlipayPlusPayment Payment)> FindAttemptAsync(WebhookEvent webhookEvent)
    {
        var sessionId = webhookEvent.GetDataObject<CheckoutSession>()?.Id;
        return (sessionId, await _paymentRecords.GetByCheckoutSessionIdAsync(sessionId));
    }
}
