using Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Reconciliation;

/// <summary>
/// Closes at WooshPay the attempts shoppers left unpaid (the intent cancelled, the session expired),
/// once the cashier has expired and a grace period passed, so no forgotten page can still take money and
/// reconciliation stops asking about them. A payment that succeeds at the same moment wins: WooshPay refuses
/// to cancel a paid intent, and what it then reports is settled as paid through the one settlement path.
/// </summary>
public class AbandonedAttemptCloser
{
    private readonly IEnumerable<IPaymentFlow> _flows;
    private readonly ILogger _logger;
    private readonly PaymentSettlement _paymentSettlement;
    private readonly ISettingService _settingService;

    public AbandonedAttemptCloser(IEnumerable<IPaymentFlow> flows, ILogger logger, PaymentSettlement paymentSettlement,
        ISettingService settingService)
    {
        _flows = flows;
        _logger = logger;
        _paymentSettlement = paymentSettlement;
        _settingService = settingService;
    }

    /// <returns>What settling WooshPay's answer gave; null when the attempt was
    /// not closed (paid, no longer open, or the store not configured).</returns>
    public async Task<SettlementOutcome?> CloseAsync(AlipayPlusPayment payment,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payment);

        var store = await _settingService.ForStoreAsync(payment.StoreId);
        if (!store.IsConfigured || !AttemptLifecycle.MayBeAbandoned(payment.Status))
            return null;

        // Marked first, under the settlement's lock and after its claim: an attempt
        // paid a moment ago is left alone, and the cancellation WooshPay reports
        // (here or by webhook) is noted as the plugin's close, not as the shopper's.
        if (!await _paymentSettlement.MarkClosingAsync(payment, PaymentRecordStatus.Abandoning))
            return null;

        var account = store.Account;
        var handler = _flows.First(candidate => candidate.Flow == payment.Flow);
        PaymentIntent intent;
        WooshPayException refused = null;
        try
        {
            intent = await handler.CloseAsync(account, payment, cancellationToken)
                ?? await handler.FetchIntentAsync(account, payment, cancellationToken);
        }
        catch (WooshPayException exception) when (!exception.IsTransient)
        {
            // Paid, processing or already closed by WooshPay's own timer: what the intent says now decides.
            refused = exception;
            intent = await handler.FetchIntentAsync(account, payment, cancellationToken);
        }

        var outcome = await _paymentSettlement.ApplyAsync(payment, intent, "abandoned");
        if (refused is not null && !AttemptLifecycle.IsClosed(payment.Status)
            && payment.Status != PaymentIntentStatus.Succeeded)
            await _logger.WarningAsync(
                $"Alipay+: attempt {payment.Attempt} of order {payment.OrderId} ({intent.Id}, {intent.Status}) could " +
                $"not be closed at WooshPay: {refused.Message}. The next reconciliation tries again.");

        return outcome;
    }
}
