using System.Globalization;

namespace WooshPay.Sandbox.Core;

/// <summary>Alipay+ presentment currencies, their minor-unit exponent and the wallets each offers.</summary>
public static class Currencies
{
    /// <summary>
    /// A wallet and what it accepts in one payment, in minor units (null: nothing stated). A day's or a
    /// month's cap bounds one payment too; what a shopper already spent that day or month is not simulated.
    /// </summary>
    public sealed record Wallet(string Name, string TestId, long? MinMinor = null, long? MaxMinor = null)
    {
        public bool Takes(long amountMinor) => amountMinor > 0 && (MinMinor is null || amountMinor >= MinMinor)
            && (MaxMinor is null || amountMinor <= MaxMinor);
    }

    // Limits from "Amounts and currencies" in shared/wooshpay-api-facts.md (2 decimals each, so 50,000.00 =
    // 5,000,000): AlipayHK HKD 0.01 - 50,000 per payment · DANA IDR 300 - 10,000,000 · Touch 'n Go MYR 0.05 -
    // 20,000 · Boost MYR 0.05 -, 5,000 a month · GCash PHP 1 -, 100,000 a day · BPI PHP - 50,000 a day · Akulaku
    // PayLater PHP 1 - · Rabbit LINE Pay THB (none stated) · Alipay CNY 0.1 - · GBP: no wallet of its own listed.
    private static readonly Dictionary<string, (int Exponent, Wallet[] Wallets)> Table =
        new(StringComparer.OrdinalIgnoreCase)
    {
        ["CNY"] = (2, [new("Alipay", "Alipay", MinMinor: 10)]),
        ["HKD"] = (2, [new("AlipayHK", "AlipayHK", MinMinor: 1, MaxMinor: 5_000_000)]),
        ["GBP"] = (2, [new("Alipay+", "AlipayPlus")]),
        ["IDR"] = (2, [new("DANA", "DANA", MinMinor: 30_000, MaxMinor: 1_000_000_000)]),
        ["MYR"] = (2, [new("Touch 'n Go", "TNG", MinMinor: 5, MaxMinor: 2_000_000),
            new("Boost", "Boost", MinMinor: 5, MaxMinor: 500_000)]),
        ["PHP"] = (2, [new("GCash", "GCash", MinMinor: 100, MaxMinor: 10_000_000),
            new("BPI", "BPI", MaxMinor: 5_000_000), new("Akulaku PayLater", "AkulakuPayLater", MinMinor: 100)]),
        ["THB"] = (2, [new("Rabbit LINE Pay", "RabbitLINEPay")]),
    };

    public static IEnumerable<string> Supported => Table.Keys;

    public static bool IsSupported(string currency) => Table.ContainsKey(currency);

    public static IReadOnlyList<Wallet> WalletsFor(string currency) =>
        Table.TryGetValue(currency, out var entry) ? entry.Wallets : [];

    /// <summary>The wallets of <paramref name="currency"/> that take
    /// one payment of <paramref name="amountMinor"/>.</summary>
    public static IReadOnlyList<Wallet> WalletsTaking(string currency, long amountMinor) =>
        WalletsFor(currency).Where(wallet => wallet.Takes(amountMinor)).ToList();

    /// <summary>
    /// The wallet a payment of <paramref name="amountMinor"/> is made with: the one the shopper chose (any name, as
    /// before), else the first that takes the amount. A wallet of the currency whose limits do not take the amount,
    /// or no wallet taking it at all, is refused: WooshPay accepts such a payment when it is created (its own guide
    /// creates one of IDR 2.00, below DANA's IDR 300), and the Alipay+ cashier then has no wallet to pay it with.
    /// </summary>
    public static string? PayingWallet(string currency, long amountMinor, string? chosen)
    {
        var wallets = WalletsFor(currency);
        var wallet = chosen is null
            ? wallets.FirstOrDefault(w => w.Takes(amountMinor))
            : wallets.FirstOrDefault(w => w.Name == chosen);
        if (chosen is not null && wallet is null)
            return chosen;
        if (wallet is not null && wallet.Takes(amountMinor))
            return wallet.Name;
        if (wallets.Count == 0)
            return chosen;

        var limits = string.Join("; ", wallets.Select(w =>
            $"{w.Name} {(w.MinMinor is { } min ? Format(min, currency) : "-")} to " +
            $"{(w.MaxMinor is { } max ? Format(max, currency) : "-")}"));
        throw new Api.ApiException(400, "invalid_request_error", "amount_outside_wallet_limits",
            $"{(wallet is null ? "No Alipay+ wallet" : wallet.Name)} for {currency.ToUpperInvariant()} takes " +
            $"{Format(amountMinor, currency)} in one payment ({limits}).", "wallet");
    }

    /// <summary>"IDR 2.00" for 200 minor units.</summary>
    public static string Format(long minorUnits, string currency)
    {
        var exponent = Table.TryGetValue(currency, out var entry) ? entry.Exponent : 2;
        var major = minorUnits / (decimal)Math.Pow(10, exponent);
        return $"{currency.ToUpperInvariant()} {major.ToString("N" + exponent, CultureInfo.InvariantCulture)}";
    }
}
