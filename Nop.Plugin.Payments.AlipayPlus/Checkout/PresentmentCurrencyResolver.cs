using Nop.Core;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Services.Directory;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

public class PresentmentCurrencyResolver : IPresentmentCurrencyResolver
{
    private readonly CurrencySettings _currencySettings;
    private readonly ICurrencyService _currencyService;
    private readonly IOrderTotalCalculationService _orderTotalCalculationService;
    private readonly IWorkContext _workContext;

    public PresentmentCurrencyResolver(CurrencySettings currencySettings, ICurrencyService currencyService,
        IOrderTotalCalculationService orderTotalCalculationService, IWorkContext workContext)
    {
        _currencySettings = currencySettings;
        _currencyService = currencyService;
        _orderTotalCalculationService = orderTotalCalculationService;
        _workContext = workContext;
    }

    public async Task<PresentmentCurrency> ResolveForShopperAsync(AlipayPlusSettings settings)
    {
        var working = await _workContext.GetWorkingCurrencyAsync();
        return FindAllowed(working?.CurrencyCode, settings)
            ?? FindAllowed(await GetPrimaryCurrencyCodeAsync(), settings);
    }

    public Task<OrderCharge> GetChargeAsync(Order order, AlipayPlusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(order);

        // The order keeps the shopper's currency and the rate it was placed at; charging in it
        // makes the wallet show exactly the total the shopper accepted.
        return ChargeAsync(order.OrderTotal, order.CustomerCurrencyCode, order.CurrencyRate, settings);
    }

    public async Task<CartOffer> GetCartOfferAsync(IList<ShoppingCartItem> cart, AlipayPlusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(cart);

        var currency = await ResolveForShopperAsync(settings);
        if (currency is null)
            return CartOffer.None;

        // The order total as the order will have it when the shopper picks Alipay+: the cart without
        // whatever fee another payment method chosen earlier adds, plus this method's fee (its
        // tax, if the shop taxes payment fees, is the one part left out: a few cents at most).
        var (cartTotal, _, _, _, _, _) = await _orderTotalCalculationService.GetShoppingCartTotalAsync(cart,
            usePaymentMethodAdditionalFee: false);
        if (cartTotal is null)
            return new CartOffer(currency, null, currency.Wallets);
        var total = cartTotal.Value + await _orderTotalCalculationService.CalculatePaymentAdditionalFeeAsync(cart,
            settings.AdditionalFee, settings.AdditionalFeePercentage);

        // The rate nopCommerce gives the order it places: the shopper's currency rate over the primary currency's.
        var working = await _workContext.GetWorkingCurrencyAsync();
        var primary = await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);
        var rate = working is not null && primary?.Rate > 0 ? working.Rate / primary.Rate : 0m;
        var charge = await ChargeAsync(total, working?.CurrencyCode, rate, settings);
        return charge is null
            ? CartOffer.None
            : new CartOffer(charge.Currency, charge.AmountMinor,
                WalletLimits.WalletsTaking(charge.Currency, charge.AmountMinor));
    }

    private async Task<OrderCharge> ChargeAsync(decimal totalInPrimary, string customerCurrencyCode,
        decimal customerRate, AlipayPlusSettings settings)
    {
        var customerCurrency = FindAllowed(customerCurrencyCode, settings);
        if (customerCurrency is not null && customerRate > 0)
            return new OrderCharge(customerCurrency, customerCurrency.ToMinorUnits(totalInPrimary * customerRate));

        var primaryCurrency = FindAllowed(await GetPrimaryCurrencyCodeAsync(), settings);
        return primaryCurrency is null
            ? null
            : new OrderCharge(primaryCurrency, primaryCurrency.ToMinorUnits(totalInPrimary));
    }

    private static PresentmentCurrency FindAllowed(string currencyCode, AlipayPlusSettings settings)
    {
        var currency = PresentmentCurrencies.Find(currencyCode);
        return currency is not null && PresentmentCurrencies.Allowed(settings.AllowedCurrencies).Contains(currency)
            ? currency
            : null;
    }

    private async Task<string> GetPrimaryCurrencyCodeAsync()
    {
        var primary = await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);
        return primary?.CurrencyCode;
    }
}
