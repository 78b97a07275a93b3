namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// What one wallet accepts in one currency, in major units as Alipay+ states them; null where nothing is stated.
/// </summary>
/// <param name="MaxPerDay">A day's cap: what the shopper already spent that
/// day is the wallet's to know, but no single payment can exceed it.</param>
/// <param name="MaxPerMonth">A month's cap, bounding one payment the same way.</param>
public sealed record WalletLimit(string Currency, string Wallet, decimal? MinPerPayment = null,
    decimal? MaxPerPayment = null, decimal? MaxPerDay = null, decimal? MaxPerMonth = null)
{
    /// <summary>The most one payment can be: the tightest of the stated caps; null when none is stated.</summary>
    public decimal? MaxForOnePayment =>
        new[] { MaxPerPayment, MaxPerDay, MaxPerMonth }.Where(cap => cap is not null).Min();

    public bool Takes(PresentmentCurrency currency, long amountMinor)
    {
        ArgumentNullException.ThrowIfNull(currency);

        if (amountMinor <= 0)
            return false;
        if (MinPerPayment is { } min && amountMinor < currency.ToMinorUnits(min))
            return false;
        return MaxForOnePayment is not { } max || amountMinor <= currency.ToMinorUnits(max);
    }
}

/// <summary>
/// The wallets' payment limits, one row per wallet and currency, copied from "Amounts and currencies" in
/// shared/wooshpay-api-facts.md (stated there by WooshPay / Alipay+ documentation). A wallet listed without limits
/// (Rabbit LINE Pay for THB, WooshPay's GBP) takes any positive amount. Amounts are compared in the currency's minor
/// units, as the checkout sends them.
/// </summary>
public static class WalletLimits
{
    public static readonly IReadOnlyList<WalletLimit> All =
    [
        // "AlipayHK HKD (0.01 - 50,000 per payment)"
        new("HKD", "AlipayHK", MinPerPayment: 0.01m, MaxPerPayment: 50_000m),
        // "DANA IDR (300 - 10,000,000)"
        new("IDR", "DANA", MinPerPayment: 300m, MaxPerPayment: 10_000_000m),
        // "Touch 'n Go MYR (0.05 - 20,000)"
        new("MYR", "Touch 'n Go", MinPerPayment: 0.05m, MaxPerPayment: 20_000m),
        // "Boost MYR (0.05 -, 5,000 a month)"
        new("MYR", "Boost", MinPerPayment: 0.05m, MaxPerMonth: 5_000m),
        // "GCash PHP (1 -, 100,000 a day)"
        new("PHP", "GCash", MinPerPayment: 1m, MaxPerDay: 100_000m),
        // "BPI PHP (- 50,000 a day)"
        new("PHP", "BPI", MaxPerDay: 50_000m),
        // "Akulaku PayLater PHP (1 -)"
        new("PHP", "Akulaku PayLater", MinPerPayment: 1m),
        // "Rabbit LINE Pay THB": no limits stated.
        new("THB", "Rabbit LINE Pay"),
        // "Alipay CNY (0.1 -)"
        new("CNY", "Alipay", MinPerPayment: 0.1m),
        // "GBP is listed as a presentment currency by WooshPay with no wallet of its own on the list."
        new("GBP", "Alipay+")
    ];

    public static WalletLimit Find(string currencyCode, string wallet) => All.FirstOrDefault(limit =>
        string.Equals(limit.Currency, currencyCode, StringComparison.OrdinalIgnoreCase)
            && string.Equals(limit.Wallet, wallet, StringComparison.Ordinal));

    /// <summary>The wallets of <paramref name="currency"/> whose limits
    /// take a payment of <paramref name="amountMinor"/>.</summary>
    public static IReadOnlyList<string> WalletsTaking(PresentmentCurrency currency, long amountMinor)
    {
        ArgumentNullException.ThrowIfNull(currency);

        return currency.Wallets
            .Where(wallet =>
                Find(currency.Code, wallet) is { } limit ? limit.Takes(currency, amountMinor) : amountMinor > 0)
            .ToList();
    }
}
