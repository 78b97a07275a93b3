using Nop.Core;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Services.Directory;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

public class PresentmentCurrencyResolver : IPresentmentCurrencyResolver
{
    private readonly CurrencySettings _currencySettings;
    private readonly ICurrencyService _currencyService;
    private readonly IWorkContext _workContext;

    public PresentmentCurrencyResolver(CurrencySettings currencySettings, ICurrencyService currencyService, IWorkContext workContext)
    {
        _currencySettings = currencySettings;
        _currencyService = currencyService;
        _workContext = workContext;
    }

    public async Task<PresentmentCurrency> ResolveForShopperAsync(AlipayPlusSettings settings)
    {
        var working = await _workContext.GetWorkingCurrencyAsync();
        return FindAllowed(working?.CurrencyCode, settings) ?? FindAllowed(await GetPrimaryCurrencyCodeAsync(), settings);
    }

    public async Task<OrderCharge> GetChargeAsync(Order order, AlipayPlusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(order);

        // The order keeps the shopper's currency and the rate it was placed at; charging in it
        // makes the wallet show exactly the total the shopper accepted.
        var customerCurrency = FindAllowed(order.CustomerCurrencyCode, settings);
        if (customerCurrency is not null && order.CurrencyRate > 0)
            return new OrderCharge(customerCurrency, customerCurrency.ToMinorUnits(order.OrderTotal * order.CurrencyRate));

        var primaryCurrency = FindAllowed(await GetPrimaryCurrencyCodeAsync(), settings);
        return primaryCurrency is null ? null : new OrderCharge(primaryCurrency, primaryCurrency.ToMinorUnits(order.OrderTotal));
    }

    private static PresentmentCurrency FindAllowed(string currencyCode, AlipayPlusSettings settings)
    {
        var currency = PresentmentCurrencies.Find(currencyCode);
        return currency is not null && PresentmentCurrencies.Allowed(settings.AllowedCurrencies).Contains(currency) ? currency : null;
    }

    private async Task<string> GetPrimaryCurrencyCodeAsync()
    {
        var primary = await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);
        return primary?.CurrencyCode;
    }
}
