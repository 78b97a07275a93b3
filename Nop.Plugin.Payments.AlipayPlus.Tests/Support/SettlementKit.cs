using System.Text;
using Moq;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// Builders for the unit tests of the settlement services: attempts in the plugin's table, PaymentIntents and
/// refunds as WooshPay would report them, gateway errors, and webhook event bodies.
/// </summary>
public static class SettlementKit
{
    /// <summary>An order of 100.00 USD placed in HKD at 7.8 is charged HKD 780.00.</summary>
    public const long DefaultChargeMinor = 78000;

    public static AlipayPlusPayment AddPayment(this ShopWorld world, Order order, string intentId = "pi_1",
        string status = PaymentIntentStatus.RequiresAction, long amountMinor = DefaultChargeMinor,
        string currency = "HKD", int attempt = 1, DateTime? createdOnUtc = null,
        PaymentFlow flow = PaymentFlow.PaymentIntent)
    {
        var created = createdOnUtc ?? DateTime.UtcNow;
        var payment = new AlipayPlusPayment
        {
            StoreId = order.StoreId,
            OrderId = order.Id,
            OrderGuid = order.OrderGuid,
            Attempt = attempt,
            Flow = flow,
            PaymentIntentId = intentId,
            RedirectUrl = $"https://cashier.example/{intentId}",
            Currency = currency,
            AmountMinor = amountMinor,
            Status = status,
            CreatedOnUtc = created,
            UpdatedOnUtc = created
        };
        world.Payments.InsertAsync(payment).GetAwaiter().GetResult();
        return payment;
    }

    /// <summary>
    /// The intent of an attempt exactly as WooshPay reports it for that attempt, in the given status.
    /// </summary>
    public static PaymentIntent IntentFor(AlipayPlusPayment payment, string status, Order order = null)
    {
        return new PaymentIntent
        {
            Id = payment.PaymentIntentId,
            Object = "payment_intent",
            Amount = payment.AmountMinor,
            AmountReceived = status == PaymentIntentStatus.Succeeded ? payment.AmountMinor : 0,
            Currency = payment.Currency.ToLowerInvariant(),
            Status = status,
            Metadata = new Dictionary<string, string>
            {
                ["order_guid"] = (order?.OrderGuid ?? payment.OrderGuid).ToString(),
                ["order_id"] = payment.OrderId.ToString(),
                ["attempt"] = payment.Attempt.ToString()
            },
            NextAction = status == PaymentIntentStatus.RequiresAction
                ? new NextAction
                {
                    Type = "alipayplus_handle_redirect",
                    AlipayPlusHandleRedirect = new AlipayPlusHandleRedirect { NormalUrl = payment.RedirectUrl }
                }
                : null
        };
    }

    public static PaymentIntent Failed(AlipayPlusPayment payment)
    {
        var intent = IntentFor(payment, PaymentIntentStatus.RequiresPaymentMethod);
        intent.LastPaymentError = new LastPaymentError
        {
            Type = "card_error", Code = "payment_declined", Message = "The wallet declined the payment."
        };
        return intent;
    }

    public static Refund RefundOf(AlipayPlusPayment payment, string refundId, long amountMinor, string status,
        string failureReason = null)
    {
        return new Refund
        {
            Id = refundId,
            Object = "refund",
            Amount = amountMinor,
            Currency = payment.Currency.ToLowerInvariant(),
            PaymentIntent = payment.PaymentIntentId,
            Status = status,
            FailureReason = failureReason
        };
    }

    public static WooshPayException GatewayError(int httpStatus, string message = "refused")
    {
        return new WooshPayException($"WooshPay answered {httpStatus}: {message}")
        {
            HttpStatus = httpStatus,
            ErrorType = httpStatus >= 500 ? "api_error" : "invalid_request_error",
            GatewayMessage = message,
            IsTransient = httpStatus == 429 || httpStatus >= 500
        };
    }

    public static WooshPayException TransientError() =>
        new("WooshPay did not answer in time.") { HttpStatus = 0, IsTransient = true };

    public static Mock<IWooshPayClient> NewClient() => new(MockBehavior.Loose);

    public static int CallsTo(this Mock<IWooshPayClient> client, string methodName) =>
        client.Invocations.Count(invocation => invocation.Method.Name == methodName);

    public static byte[] EventBody(string eventId, string type, string objectJson, bool livemode = false)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var mode = livemode ? "true" : "false";
        return Encoding.UTF8.GetBytes(
            $$"""{"id":"{{eventId}}","object":"event","api_version":"1.0.1","created":{{created}},"livemode":{{mode}}"""
            + $$$""","pending_webhooks":1,"type":"{{{type}}}","data":{"object":{{{objectJson}}}}}""");
    }
}
