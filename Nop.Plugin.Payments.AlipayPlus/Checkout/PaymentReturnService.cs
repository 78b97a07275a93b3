using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

public class PaymentReturnService : IPaymentReturnService
{
    private readonly ILogger _logger;
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly PaymentSettlement _settlement;
    private readonly ReturnLookThrottle _throttle;

    public PaymentReturnService(ILogger logger, IPaymentRecordStore paymentRecords, PaymentSettlement settlement,
        ReturnLookThrottle throttle)
    {
        _logger = logger;
        _paymentRecords = paymentRecords;
        _settlement = settlement;
        _throttle = throttle;
    }

    public async Task<PaymentReturnState> GetStateAsync(Order order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);

        if (IsPaid(order))
            return PaymentReturnState.Completed;

        // An attempt still "creating" here is one whose create got no answer (a
        // timeout, 5xx after the retries): there is nothing at WooshPay to wait for,
        // so the page offers the retry, which repeats the create under the same key.
        var payment = await _paymentRecords.GetLatestByOrderIdAsync(order.Id);
        if (payment is null || payment.Status is PaymentRecordStatus.CreateFailed or PaymentRecordStatus.Creating)
            return PaymentReturnState.GatewayError;

        // Closed by the plugin before the shopper ever had its page: WooshPay's answer could not be used.
        if (string.IsNullOrEmpty(payment.RedirectUrl)
            && payment.Status is PaymentRecordStatus.Closing or PaymentIntentStatus.Canceled
                or PaymentRecordStatus.Expired)
            return PaymentReturnState.GatewayError;

        // Most looks (a polling page, a stranger with the URL) are answered from the records, which webhooks and
        // reconciliation keep current; only some ask WooshPay.
        if (!_throttle.TryTakeGatewayLook(payment.Id))
            return FromRecord(payment);

        SyncResult result;
        try
        {
            result = await _settlement.SyncAsync(payment, "return", cancellationToken);
        }
        catch (OrderBusyException)
        {
            return PaymentReturnState.Waiting;
        }
        catch (WooshPayException exception)
        {
            await _logger.WarningAsync($"Alipay+: the state of order {order.Id} could not be read from WooshPay on " +
                $"the shopper's return: {exception.Message}");
            return exception.IsTransient ? PaymentReturnState.Waiting : PaymentReturnState.GatewayError;
        }

        return result.Outcome switch
        {
            SettlementOutcome.Paid or SettlementOutcome.AlreadyPaid or SettlementOutcome.ExtraPayment
                or SettlementOutcome.PaidButOrderClosed => PaymentReturnState.Completed,
            SettlementOutcome.Failed => PaymentReturnState.Failed,
            SettlementOutcome.Canceled when result.StatusAfter == PaymentRecordStatus.Expired =>
                PaymentReturnState.Expired,
            SettlementOutcome.Canceled => PaymentReturnState.Canceled,
            SettlementOutcome.Mismatch or SettlementOutcome.OrderNotFound => PaymentReturnState.GatewayError,
            // Back from the hosted checkout with nothing paid or being paid: the shopper
            // left the page (WooshPay keeps the session open, so the retry reopens
            // it). "Waiting" would refresh the return page until the session expires.
            SettlementOutcome.Pending when result.IntentStatus == PaymentIntentStatus.RequiresPaymentMethod =>
                PaymentReturnState.Canceled,
            _ => PaymentReturnState.Waiting
        };
    }

    /// <summary>
    /// The state as the attempt's record has it, read the way a look at WooshPay would settle it.
    /// </summary>
    private static PaymentReturnState FromRecord(AlipayPlusPayment payment)
    {
        return payment.Status switch
        {
            PaymentIntentStatus.Succeeded => PaymentReturnState.Completed,
            PaymentRecordStatus.PaymentFailed => PaymentReturnState.Failed,
            PaymentRecordStatus.Expired => PaymentReturnState.Expired,
            PaymentIntentStatus.Canceled => PaymentReturnState.Canceled,
            PaymentIntentStatus.RequiresPaymentMethod => PaymentReturnState.Canceled,
            _ => PaymentReturnState.Waiting
        };
    }

    private static bool IsPaid(Order order)
    {
        return order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded;
    }
}
