using System.Globalization;

namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// A currency WooshPay accepts for Alipay+, with its minor-unit exponent and the wallets its cashier offers.
/// </summary>
public sealed class PresentmentCurrency
{
    public PresentmentCurrency(string code, int exponent, params string[] wallets)
    {
        Code = code;
        Exponent = exponent;
        Wallets = wallets;
    }

    public string Code { get; }

    /// <summary>
    /// Decimal places of the minor unit: 2 means 1.00 is sent as 100.
    /// </summary>
    public int Exponent { get; }

    public IReadOnlyList<string> Wallets { get; }

    /// <summary>
    /// Converts an amount in this currency to the integer WooshPay expects, rounding half away from zero.
    /// </summary>
    public long ToMinorUnits(decimal amount)
    {
        return (long)Math.Round(amount * Pow10(Exponent), 0, MidpointRounding.AwayFromZero);
    }

    public decimal FromMinorUnits(long amountMinor)
    {
        return amountMinor / Pow10(Exponent);
    }

    /// <summary>
    /// The amount as people read it, e.g. 1234 HKD minor units as "12.34".
    /// </summary>
    public string Format(long amountMinor)
    {
        return FromMinorUnits(amountMinor).ToString("F" + Exponent, CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int exponent)
    {
        var factor = 1m;
        for (var i = 0; i < exponent; i++)
            factor *= 10m;
        return factor;
    }
}
