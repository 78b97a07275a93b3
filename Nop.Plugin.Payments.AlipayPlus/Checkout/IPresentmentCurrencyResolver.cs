using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// Chooses the currency Alipay+ is charged in: the shopper's working currency when WooshPay takes it,
/// else the store's primary currency when WooshPay takes that, else none (the method is hidden).
/// </summary>
public interface IPresentmentCurrencyResolver
{
    Task<PresentmentCurrency> ResolveForShopperAsync(AlipayPlusSettings settings);

    /// <summary>
    /// The charge for a placed order, in the currency the shopper
    /// saw, converted with the order's own rate; null when none fits.
    /// </summary>
    Task<OrderCharge> GetChargeAsync(Order order, AlipayPlusSettings settings);

    /// <summary>
    /// What the shopper's cart would be charged if the order were placed with Alipay+ now (converted as
    /// <see cref="GetChargeAsync"/> converts the order), and which wallets' limits take it.
    /// </summary>
    Task<CartOffer> GetCartOfferAsync(IList<ShoppingCartItem> cart, AlipayPlusSettings settings);
}
