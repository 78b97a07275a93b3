using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

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
        return Math.Round(currency.FromMinorUnits(chargedMinorUnits) / RateOf(order, payment), 2,
            MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Whether an order whose refunded amount was <paramref name="before"/> now counts a refund of
    /// <paramref name="primaryAmount"/>. What nopCommerce added is what it was asked
    /// for, which can differ by a cent from the amount converted back from the
    /// charged minor units; half the refund is the most that tolerance may take.
    /// </summary>
    public static bool RefundReached(decimal refundedNow, decimal before, decimal primaryAmount) =>
        refundedNow >= before + primaryAmount - Math.Min(0.011m, primaryAmount / 2);

    /// <summary>
    /// How many minor units the order, read back from the database, may convert to more or less than the
    /// checkout charged for it unedited. nopCommerce keeps an order's total and rate with 4 decimals, but
    /// the checkout charged the order it had just placed, still in memory: with the rate it computed (the
    /// shopper's currency rate over the primary currency's, with more decimals when the primary currency's
    /// rate is not 1) and a total with more decimals when the store does not round prices. Each differs
    /// from the stored one by at most half of the 4th decimal; both sides then round to a minor unit.
    /// </summary>
    public static long StoredRoundingAllowance(Order order, AlipayPlusPayment payment)
    {
        const decimal half = 0.00005m;
        var currency = GetCurrency(payment);
        var total = Math.Abs(order.OrderTotal);
        var rate = RateOf(order, payment);
        var rateApplied = UsesOrderRate(order, payment);

        // (total ± half) x (rate ± half) against total x rate, in the charged currency; an integer bound on the two
        // roundings to minor units is the ceiling of that.
        var worstError = rateApplied ? half * rate + (total + half) * half : half;
        return (long)Math.Ceiling(worstError * currency.ToMinorUnits(1m));
    }

    // A payment charged in the shopper's currency used the order's rate; one charged in the primary currency used none.
    private static decimal RateOf(Order order, AlipayPlusPayment payment) =>
        UsesOrderRate(order, payment) ? order.CurrencyRate : 1m;

    private static bool UsesOrderRate(Order order, AlipayPlusPayment payment) =>
        string.Equals(payment.Currency, order.CustomerCurrencyCode, StringComparison.OrdinalIgnoreCase)
            && order.CurrencyRate > 0;

    private static PresentmentCurrency GetCurrency(AlipayPlusPayment payment)
    {
        return PresentmentCurrencies.Find(payment.Currency)
            ?? throw new InvalidOperationException($"Payment {payment.PaymentIntentId} was charged in " +
                $"{payment.Currency}, which the plugin does not know.");
    }
}
