using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>payment_intent.* events: settles the attempt from the intent fetched from WooshPay.</summary>
public class PaymentIntentEventHandler : AttemptEventHandler
{
    private readonly IPaymentRecordStore _paymentRecords;

    public PaymentIntentEventHandler(ILogger logger, IPaymentRecordStore paymentRecords, IPaymentSynchronizer synchronizer)
        : base(logger, synchronizer)
    {
        _paymentRecords = paymentRecords;
    }

    protected override string EventPrefix => "payment_intent.";

    protected override string ObjectName => "payment intent";

    protected override async Task<(string ObjectId, AlipayPlusPayment Payment)> FindAttemptAsync(WebhookEvent webhookEvent)
    {
        var intentId = webhookEvent.GetDataObject<PaymentIntent>()?.Id;
        return (intentId, await _paymentRecords.GetByPaymentIntentIdAsync(intentId));
    }
}
