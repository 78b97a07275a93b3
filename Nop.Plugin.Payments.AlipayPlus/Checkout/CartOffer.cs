using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// What the shopper's cart would be charged with Alipay+ if the order were placed now, and the wallets that take it.
/// </summary>
/// <param name="Currency">The presentment currency; null when WooshPay
/// takes neither the shopper's nor the primary currency.</param>
/// <param name="AmountMinor">The charge in the currency's minor units; null while nopCommerce cannot total the cart yet
/// (no shipping chosen), when only the currency can be judged.</param>
/// <param name="Wallets">The currency's wallets whose limits take the charge (all of them while it is unknown).</param>
public sealed record CartOffer(PresentmentCurrency Currency, long? AmountMinor, IReadOnlyList<string> Wallets)
{
    public static CartOffer None { get; } = new(null, null, []);

    /// <summary>Whether some wallet can pay it: otherwise WooshPay
    /// would refuse the payment after the order is placed.</summary>
    public bool CanPay => Currency is not null && Wallets.Count > 0;
}
