using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Messages;
using Nop.Services.Orders;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Payments.AlipayPlus.Controllers;

/// <summary>
/// The admin order page's "Sync with WooshPay".
/// </summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class AlipayPlusOrderController : BasePaymentController
{
    private readonly INotificationService _notificationService;
    private readonly IOrderReconciler _orderReconciler;
    private readonly IOrderService _orderService;
    private readonly IRefundService _refundService;
    private readonly IWorkContext _workContext;

    public AlipayPlusOrderController(INotificationService notificationService, IOrderReconciler orderReconciler,
        IOrderService orderService, IRefundService refundService, IWorkContext workContext)
    {
        _notificationService = notificationService;
        _orderReconciler = orderReconciler;
        _orderService = orderService;
        _refundService = refundService;
        _workContext = workContext;
    }

    /// <summary>
    /// Gives back a payment the order did not need (the shopper paid twice), from the Alipay+ panel's button.
    /// </summary>
    [HttpPost]
    [CheckPermission(StandardPermission.Orders.ORDERS_CREATE_EDIT_DELETE)]
    public async Task<IActionResult> RefundExtra(int orderId, int attempt)
    {
        var order = await _orderService.GetOrderByIdAsync(orderId);
        if (order is null || order.Deleted)
            return RedirectToAction("List", "Order", new { area = AreaNames.ADMIN });

        // Money leaves the shop: like nopCommerce's own refund actions, not a vendor's to do, even on its own order.
        if (await _workContext.GetCurrentVendorAsync() is not null)
            return RedirectToAction("Edit", "Order", new { id = orderId, area = AreaNames.ADMIN });

        var result = await _refundService.RefundExtraPaymentAsync(order, attempt);
        if (result.Success)
            _notificationService.SuccessNotification(
                $"The extra payment of attempt {attempt} is being refunded in full.");
        else
            _notificationService.ErrorNotification(string.Join(" ", result.Errors));

        return RedirectToAction("Edit", "Order", new { id = orderId, area = AreaNames.ADMIN });
    }

    [HttpPost]
    [CheckPermission(StandardPermission.Orders.ORDERS_CREATE_EDIT_DELETE)]
    public async Task<IActionResult> Sync(int orderId, CancellationToken cancellationToken)
    {
        // A vendor sees the panel only on orders of its own products; an id typed into the request is held to the same.
        if (!await HasAccessToOrderAsync(orderId))
            return RedirectToAction("List", "Order", new { area = AreaNames.ADMIN });

        try
        {
            var result = await _orderReconciler.ReconcileAsync(orderId, "admin sync", cancellationToken);
            _notificationService.SuccessNotification(result.Changes.Count == 0
                ? $"Checked {result.AttemptsChecked} payment attempt(s) and {result.RefundsChecked} pending " +
                    "refund(s) with WooshPay: nothing changed."
                : $"Synced with WooshPay: {string.Join("; ", result.Changes)}.");
        }
        catch (WooshPayException exception)
        {
            _notificationService.ErrorNotification($"WooshPay could not be asked: {exception.Message}");
        }
        catch (OrderBusyException exception)
        {
            _notificationService.WarningNotification(exception.Message);
        }

        // Not Redirect("~/Admin/..."): nopCommerce's NopRedirectResultExecutor prefixes local redirect URLs with
        // the store location, and "http://host:port~/Admin/..." throws "Invalid URI: Invalid port specified".
        return RedirectToAction("Edit", "Order", new { id = orderId, area = AreaNames.ADMIN });
    }

    /// <summary>
    /// nopCommerce's OrderController.HasAccessToOrderAsync: everyone but a vendor reaches every order, a vendor only an
    /// order holding one of its products.
    /// </summary>
    private async Task<bool> HasAccessToOrderAsync(int orderId)
    {
        if (orderId == 0)
            return false;

        var vendor = await _workContext.GetCurrentVendorAsync();
        if (vendor is null)
            return true;

        return (await _orderService.GetOrderItemsAsync(orderId, vendorId: vendor.Id)).Any();
    }
}
