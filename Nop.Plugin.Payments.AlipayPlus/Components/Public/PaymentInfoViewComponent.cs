using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Models.Public;
using Nop.Services.Configuration;
using Nop.Services.Orders;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Payments.AlipayPlus.Components.Public;

/// <summary>
/// The payment-info step: the Alipay+ mark and the wallets of the shopper's currency that take the cart's total.
/// </summary>
public class PaymentInfoViewComponent : NopViewComponent
{
    private readonly IPresentmentCurrencyResolver _currencyResolver;
    private readonly ISettingService _settingService;
    private readonly IShoppingCartService _shoppingCartService;
    private readonly IStoreContext _storeContext;
    private readonly IWorkContext _workContext;

    public PaymentInfoViewComponent(IPresentmentCurrencyResolver currencyResolver, ISettingService settingService,
        IShoppingCartService shoppingCartService, IStoreContext storeContext, IWorkContext workContext)
    {
        _currencyResolver = currencyResolver;
        _settingService = settingService;
        _shoppingCartService = shoppingCartService;
        _storeContext = storeContext;
        _workContext = workContext;
    }

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var store = await _storeContext.GetCurrentStoreAsync();
        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(store.Id);
        var customer = await _workContext.GetCurrentCustomerAsync();
        var cart = await _shoppingCartService.GetShoppingCartAsync(customer, ShoppingCartType.ShoppingCart, store.Id);
        var offer = await _currencyResolver.GetCartOfferAsync(cart, settings);

        return View($"{AlipayPlusDefaults.ViewsPath}Public/PaymentInfo.cshtml", new PaymentInfoModel
        {
            CurrencyCode = offer.Currency?.Code,
            Amount = offer.AmountMinor is { } amount ? offer.Currency.Format(amount) : null,
            Wallets = offer.Wallets.ToList()
        });
    }
}
