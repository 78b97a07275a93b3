using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

/// <summary>
/// The one settlement path: webhooks, the shopper's return, the admin's sync and reconciliation all
/// bring a PaymentIntent fetched from WooshPay here, and the order changes at most once.
/// </summary>
public interface IPaymentSettlement
{
    /// <param name="payment">The attempt the intent was created for. On return it carries the status, last event and
    /// update time the attempt is stored with, whoever changed them.</param>
    /// <param name="intent">The intent as WooshPay reports it now (never taken from a query string or an unverified body).</param>
    /// <param name="source">Who brought it (webhook event type, "return", "sync", "reconciliation"), for notes and logs.</param>
    Task<SettlementOutcome> ApplyAsync(AlipayPlusPayment payment, PaymentIntent intent, string source);

    /// <summary>
    /// Marks an attempt the plugin is about to cancel at WooshPay, under the same lock as settlement, so a payment
    /// settled a moment ago is never overwritten. False when the attempt is paid (or gone) and must not be closed.
    /// </summary>
    /// <param name="closingStatus"><see cref="PaymentRecordStatus.Closing"/> to open a new attempt, or
    /// <see cref="PaymentRecordStatus.Abandoning"/> for one left unpaid; a close for a retry already under way stays one.</param>
    Task<bool> MarkClosingAsync(AlipayPlusPayment payment, string closingStatus = PaymentRecordStatus.Closing);
}
