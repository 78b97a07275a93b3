using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>
/// charge.dispute.updated: a shopper disputes a payment. Nothing in nopCommerce follows from it by itself (the money
/// moves only when the dispute is lost, at WooshPay), so the shop owner is told, on the order and in the log, and
/// answers in WooshPay's dashboard. Each event is one note: the webhook processor claims every event id once.
/// </summary>
public class DisputeEventHandler : IWebhookEventHandler
{
    private readonly ILogger _logger;
    private readonly OrderNoteWriter _notes;
    private readonly IPaymentRecordStore _paymentRecords;

    public DisputeEventHandler(ILogger logger, OrderNoteWriter notes, IPaymentRecordStore paymentRecords)
    {
        _logger = logger;
        _notes = notes;
        _paymentRecords = paymentRecords;
    }

    public bool CanHandle(string eventType) => eventType == WebhookEventTypes.ChargeDisputeUpdated;

    public async Task<WebhookResult> HandleAsync(StoreConfiguration store, WebhookEvent webhookEvent,
        CancellationToken cancellationToken)
    {
        var storeId = store.StoreId;
        var dispute = webhookEvent.GetDataObject<Dispute>();
        var payment = string.IsNullOrEmpty(dispute.PaymentIntent)
            ? null
            : await _paymentRecords.GetByPaymentIntentIdAsync(dispute.PaymentIntent);
        if (payment is null)
        {
            await _logger.WarningAsync($"Alipay+ webhook {webhookEvent.Id}: dispute {dispute.Id} names payment " +
                $"intent {dispute.PaymentIntent ?? "(none)"}, which no order of this shop has; nothing changed.");
            return WebhookResult.Handled("dispute of an unknown payment; nothing changed");
        }

        // Store 0 is the shared configuration that every store without its own keys uses.
        if (storeId != 0 && payment.StoreId != storeId)
            return WebhookResult.Handled($"dispute of a payment of store {payment.StoreId}; nothing changed here");

        var amount = dispute.Amount > 0 && !string.IsNullOrEmpty(dispute.Currency)
            ? PresentmentCurrencies.Format(dispute.Currency, dispute.Amount)
            : PresentmentCurrencies.Format(payment.Currency, payment.AmountMinor);
        var currency = string.IsNullOrEmpty(dispute.Currency) ? payment.Currency : dispute.Currency.ToUpperInvariant();
        var status = dispute.Status ?? "unknown";
        var reason = dispute.Reason ?? "unknown";
        await _notes.AddAsync(payment.OrderId, "Order.Note.DisputeUpdated", dispute.Id, payment.PaymentIntentId, amount,
            currency, status, reason);
        await _logger.WarningAsync($"Alipay+: payment {payment.PaymentIntentId} of order {payment.OrderId} is " +
            $"disputed (dispute {dispute.Id}, {amount} {currency}, status {status}, reason {reason}). Answer it in " +
            "WooshPay's dashboard.");

        return WebhookResult.Handled($"order {payment.OrderId}: dispute {dispute.Id} {status}, noted");
    }
}
