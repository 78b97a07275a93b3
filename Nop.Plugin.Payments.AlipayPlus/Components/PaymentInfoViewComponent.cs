using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Payments.AlipayPlus.Models;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Services.Configuration;
using Nop.Core;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Payments.AlipayPlus.Components;

/// <summary>
/// The payment-info step: the Alipay+ mark and the wallets the shopper's currency will offer.
/// </summary>
public class PaymentInfoViewComponent : NopViewComponent
{
    private readonly IPresentmentCurrencyResolver _currencyResolver;
    private readonly ISettingService _settingService;
    private readonly IStoreContext _storeContext;

    public PaymentInfoViewComponent(IPresentmentCurrencyResolver currencyResolver, ISettingService settingService, IStoreContext storeContext)
    {
        _currencyResolver = currencyResolver;
        _settingService = settingService;
        _storeContext = storeContext;
    }

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var store = await _storeContext.GetCurrentStoreAsync();
        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(store.Id);
        var currency = await _currencyResolver.ResolveForShopperAsync(settings);

        return View($"{AlipayPlusDefaults.ViewsPath}Public/PaymentInfo.cshtml", new PaymentInfoModel
        {
            CurrencyCode = currency?.Code,
            Wallets = currency?.Wallets.ToList() ?? new List<string>()
        });
    }
}
