using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// Converts between the store's primary currency (in which nopCommerce keeps order amounts) and the
/// currency a payment was actually charged in, with the order's own rate, so refunds go back in the
/// charged currency and never 100x off.
/// </summary>
public static class ChargedAmountConverter
{
    public static long ToChargedMinorUnits(Order order, AlipayPlusPayment payment, decimal primaryAmount)
    {
        var currency = GetCurrency(payment);
        return currency.ToMinorUnits(primaryAmount * RateOf(order, payment));
    }

    public static decimal ToPrimaryAmount(Order order, AlipayPlusPayment payment, long chargedMinorUnits)
    {
        var currency = GetCurrency(payment);
        return Math.Round(currency.FromMinorUnits(chargedMinorUnits) / RateOf(order, payment), 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Whether an order whose refunded amount was <paramref name="before"/> now counts a refund of
    /// <paramref name="primaryAmount"/>. What nopCommerce added is what it was asked for, which can differ by a cent from
    /// the amount converted back from the charged minor units; half the refund is the most that tolerance may take.
    /// </summary>
    public static bool RefundReached(decimal refundedNow, decimal before, decimal primaryAmount) =>
        refundedNow >= before + primaryAmount - Math.Min(0.011m, primaryAmount / 2);

    // A payment charged in the shopper's currency used the order's rate; one charged in the primary currency used none.
    private static decimal RateOf(Order order, AlipayPlusPayment payment)
    {
        return string.Equals(payment.Currency, order.CustomerCurrencyCode, StringComparison.OrdinalIgnoreCase) && order.CurrencyRate > 0
            ? order.CurrencyRate
            : 1m;
    }

    private static PresentmentCurrency GetCurrency(AlipayPlusPayment payment)
    {
        return PresentmentCurrencies.Find(payment.Currency)
            ?? throw new InvalidOperationException($"Payment {payment.PaymentIntentId} was charged in {payment.Currency}, which the plugin does not know.");
    }
}
