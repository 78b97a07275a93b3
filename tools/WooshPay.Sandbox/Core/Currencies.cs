using System.Globalization;

namespace WooshPay.Sandbox.Core;

/// <summary>Alipay+ presentment currencies, their minor-unit exponent and the wallets each offers.</summary>
public static class Currencies
{
    public sealed record Wallet(string Name, string TestId);

    private static readonly Dictionary<string, (int Exponent, Wallet[] Wallets)> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CNY"] = (2, [new("Alipay", "Alipay")]),
        ["HKD"] = (2, [new("AlipayHK", "AlipayHK")]),
        ["GBP"] = (2, [new("Alipay+", "AlipayPlus")]),
        ["IDR"] = (2, [new("DANA", "DANA")]),
        ["MYR"] = (2, [new("Touch 'n Go", "TNG"), new("Boost", "Boost")]),
        ["PHP"] = (2, [new("GCash", "GCash"), new("BPI", "BPI"), new("Akulaku PayLater", "AkulakuPayLater")]),
        ["THB"] = (2, [new("Rabbit LINE Pay", "RabbitLINEPay")]),
    };

    public static IEnumerable<string> Supported => Table.Keys;

    public static bool IsSupported(string currency) => Table.ContainsKey(currency);

    public static IReadOnlyList<Wallet> WalletsFor(string currency) =>
        Table.TryGetValue(currency, out var entry) ? entry.Wallets : [];

    /// <summary>"IDR 2.00" for 200 minor units.</summary>
    public static string Format(long minorUnits, string currency)
    {
        var exponent = Table.TryGetValue(currency, out var entry) ? entry.Exponent : 2;
        var major = minorUnits / (decimal)Math.Pow(10, exponent);
        return $"{currency.ToUpperInvariant()} {major.ToString("N" + exponent, CultureInfo.InvariantCulture)}";
    }
}
