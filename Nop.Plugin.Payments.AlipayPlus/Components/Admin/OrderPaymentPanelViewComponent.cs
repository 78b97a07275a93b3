using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Models.Admin;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Orders;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Payments.AlipayPlus.Components.Admin;

/// <summary>
/// Shows an order's Alipay+ attempts and refunds on the admin order page, with "Sync with WooshPay".
/// </summary>
public class OrderPaymentPanelViewComponent : NopViewComponent
{
    private readonly ClaimStore _claims;
    private readonly IOrderService _orderService;
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly RefundRecordStore _refundRecords;
    private readonly IWorkContext _workContext;

    public OrderPaymentPanelViewComponent(ClaimStore claims, IOrderService orderService,
        IPaymentRecordStore paymentRecords, RefundRecordStore refundRecords, IWorkContext workContext)
    {
        _claims = claims;
        _orderService = orderService;
        _paymentRecords = paymentRecords;
        _refundRecords = refundRecords;
        _workContext = workContext;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        // The admin passes its order model; reading its Id keeps the plugin free of Nop.Web's admin types.
        var orderId = additionalData?.GetType().GetProperty("Id")?.GetValue(additionalData) as int? ?? 0;
        var order = orderId > 0 ? await _orderService.GetOrderByIdAsync(orderId) : null;
        if (order is null || order.PaymentMethodSystemName != AlipayPlusDefaults.SystemName)
            return Content(string.Empty);

        var model = new OrderPaymentPanelModel { OrderId = order.Id };
        var refunds = await _refundRecords.GetByOrderIdAsync(order.Id);
        // A vendor may not refund (AlipayPlusOrderController.RefundExtra refuses it), so it is not offered the button.
        var mayRefund = await _workContext.GetCurrentVendorAsync() is null;
        foreach (var attempt in await _paymentRecords.GetByOrderIdAsync(order.Id))
        {
            // Paid at WooshPay, but not the payment the order counts: the shopper paid twice, or paid a total the admin
            // has edited since (settlement flagged it by its claim).
            var extra = attempt.Status == PaymentIntentStatus.Succeeded
                && !string.Equals(attempt.PaymentIntentId, order.CaptureTransactionId, StringComparison.Ordinal);
            var amountDiffers = extra && await _claims.GetAsync(ClaimKeys.AmountDiffers(attempt.Id)) is not null;
            var extraKey = IdempotencyKeys.ExtraPaymentRefund(order.OrderGuid, attempt.Attempt);
            model.Attempts.Add(new OrderPaymentPanelModel.AttemptRow(attempt.Attempt, attempt.Flow.ToString(),
                attempt.PaymentIntentId, attempt.CheckoutSessionId, attempt.Status,
                PresentmentCurrencies.Format(attempt.Currency, attempt.AmountMinor), attempt.Currency,
                attempt.Livemode, attempt.CreatedOnUtc, attempt.LastEventType, attempt.LastEventOnUtc)
            {
                ExtraPayment = extra,
                AmountDiffers = amountDiffers,
                PaidAfterOrderClosed = extra && order.OrderStatus == Nop.Core.Domain.Orders.OrderStatus.Cancelled,
                CanRefundExtra = mayRefund && extra
                    && !refunds.Any(refund =>
                        refund.PaymentId == attempt.Id && RefundLifecycle.HoldsBalance(refund.Status))
                    && !refunds.Any(refund =>
                        refund.IdempotencyKey == extraKey && RefundLifecycle.IsUnresolved(refund.Status))
            });
        }

        foreach (var refund in refunds)
        {
            model.Refunds.Add(new OrderPaymentPanelModel.RefundRow(refund.RefundId,
                PresentmentCurrencies.Format(refund.Currency, refund.AmountMinor), refund.Currency, refund.Status,
                refund.FailureReason, refund.FromDashboard, refund.CreatedOnUtc));
        }

        return View($"{AlipayPlusDefaults.ViewsPath}Admin/OrderPaymentPanel.cshtml", model);
    }
}
