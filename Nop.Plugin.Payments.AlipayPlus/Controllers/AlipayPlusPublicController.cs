using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Core.Http;
using Nop.Plugin.Payments.AlipayPlus.Models;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Services.Orders;
using Nop.Web.Framework.Controllers;

namespace Nop.Plugin.Payments.AlipayPlus.Controllers;

/// <summary>
/// Where the wallet sends the shopper back. The query string is never trusted: the state comes from WooshPay.
/// </summary>
public class AlipayPlusPublicController : BasePaymentController
{
    private readonly IOrderService _orderService;
    private readonly IPaymentReturnService _paymentReturnService;
    private readonly IWorkContext _workContext;

    public AlipayPlusPublicController(IOrderService orderService, IPaymentReturnService paymentReturnService, IWorkContext workContext)
    {
        _orderService = orderService;
        _paymentReturnService = paymentReturnService;
        _workContext = workContext;
    }

    [HttpGet]
    public async Task<IActionResult> Return(Guid orderGuid, CancellationToken cancellationToken)
    {
        var order = await _orderService.GetOrderByGuidAsync(orderGuid);
        var customer = await _workContext.GetCurrentCustomerAsync();

        // Another shopper's order and a made-up one look the same from outside.
        if (order is null || order.Deleted || order.CustomerId != customer.Id
            || order.PaymentMethodSystemName != AlipayPlusDefaults.SystemName)
            return NotFound();

        var state = await _paymentReturnService.GetStateAsync(order, cancellationToken);
        if (state == PaymentReturnState.Completed)
            return RedirectToRoute(NopRouteNames.Standard.CHECKOUT_COMPLETED, new { orderId = order.Id });

        return View($"{AlipayPlusDefaults.ViewsPath}Public/Return.cshtml", new PaymentReturnModel
        {
            OrderId = order.Id,
            CustomOrderNumber = order.CustomOrderNumber,
            State = state
        });
    }
}
