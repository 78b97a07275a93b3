using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Core.Domain.Orders;
using Nop.Core.Http;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Models.Public;
using Nop.Services.Localization;
using Nop.Services.Orders;
using Nop.Web.Framework.Controllers;

namespace Nop.Plugin.Payments.AlipayPlus.Controllers;

/// <summary>
/// Where the wallet sends the shopper back, and the small state answer the page polls. The query string is never
/// trusted for the state, which comes from the plugin's records and WooshPay. Who may look: the browser that placed
/// the order (its customer cookie) or whoever holds the return URL's signed token, which is often another browser
/// (the wallet app hands the shopper back to the phone's default browser or its own web view).
/// </summary>
public class AlipayPlusPublicController : BasePaymentController
{
    private readonly ILanguageService _languageService;
    private readonly IOrderService _orderService;
    private readonly IPaymentReturnService _paymentReturnService;
    private readonly IReturnTokenService _returnTokens;
    private readonly IStoreContext _storeContext;
    private readonly IWorkContext _workContext;

    public AlipayPlusPublicController(IOrderService orderService, IPaymentReturnService paymentReturnService,
        IReturnTokenService returnTokens, IStoreContext storeContext, IWorkContext workContext,
        ILanguageService languageService)
    {
        _languageService = languageService;
        _orderService = orderService;
        _paymentReturnService = paymentReturnService;
        _returnTokens = returnTokens;
        _storeContext = storeContext;
        _workContext = workContext;
    }

    [HttpGet]
    public async Task<IActionResult> Return(Guid orderGuid, string token, int look, CancellationToken cancellationToken)
    {
        NoStoreNoReferrer();
        var (order, isOwner) = await FindAsync(orderGuid, token);
        // Another shopper's order, a made-up one and a bad token all look the same from outside.
        if (order is null)
            return NotFound();

        if (!isOwner)
            await UseOrderLanguageAsync(order);

        var state = await _paymentReturnService.GetStateAsync(order, cancellationToken);
        if (state == PaymentReturnState.Completed && isOwner)
            return RedirectToRoute(NopRouteNames.Standard.CHECKOUT_COMPLETED, new { orderId = order.Id });

        return View($"{AlipayPlusDefaults.ViewsPath}Public/Return.cshtml", new PaymentReturnModel
        {
            OrderId = order.Id,
            OrderGuid = order.OrderGuid,
            CustomOrderNumber = order.CustomOrderNumber,
            State = state,
            IsOwner = isOwner,
            Token = isOwner ? null : token,
            Look = Math.Max(0, look)
        });
    }

    /// <summary>
    /// The wallet app often opens the return URL in a browser that never saw the store, which nopCommerce serves in the
    /// store's default language: the page speaks the language the order was placed in instead, as nopCommerce's own
    /// messages about the order do.
    /// </summary>
    private async Task UseOrderLanguageAsync(Order order)
    {
        var language = await _languageService.GetLanguageByIdAsync(order.CustomerLanguageId);
        if (language is not { Published: true })
            return;

        if ((await _workContext.GetWorkingLanguageAsync())?.Id != language.Id)
            await _workContext.SetWorkingLanguageAsync(language);
    }

    /// <summary>
    /// The state alone, for the page's background poll: no order data beyond what the page already shows.
    /// </summary>
    [HttpGet]
    public async Task<IActionResult> State(Guid orderGuid, string token, CancellationToken cancellationToken)
    {
        NoStoreNoReferrer();
        var (order, _) = await FindAsync(orderGuid, token);
        if (order is null)
            return NotFound();

        var state = await _paymentReturnService.GetStateAsync(order, cancellationToken);
        // Written here rather than by the store's JSON formatter,
        // whose naming a store configures: the page reads "state".
        return Content(JsonSerializer.Serialize(new PaymentReturnStateModel(PaymentReturnModel.StateName(state))),
            "application/json");
    }

    private async Task<(Order Order, bool IsOwner)> FindAsync(Guid orderGuid, string token)
    {
        var order = await _orderService.GetOrderByGuidAsync(orderGuid);
        if (order is null || order.Deleted || order.PaymentMethodSystemName != AlipayPlusDefaults.SystemName)
            return (null, false);

        var customer = await _workContext.GetCurrentCustomerAsync();
        if (order.CustomerId == customer.Id)
            return (order, true);

        // The token is checked against this store's secret and names this store and this order; the order must also
        // be this store's. Whichever part fails, the answer is the unknown order's.
        var store = await _storeContext.GetCurrentStoreAsync();
        var read = await _returnTokens.ReadAsync(token, store.Id);
        if (read is null || read.OrderId != order.Id || order.StoreId != store.Id)
            return (null, false);

        return (order, false);
    }

    // The token is in the address: keep it out of caches and of the Referer sent to other sites from this page.
    private void NoStoreNoReferrer()
    {
        if (HttpContext is null)
            return;

        HttpContext.Response.Headers.CacheControl = "no-store";
        HttpContext.Response.Headers["Referrer-Policy"] = "same-origin";
        HttpContext.Response.Headers["X-Robots-Tag"] = "noindex";
    }
}
