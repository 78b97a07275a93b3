namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// The one table of currencies WooshPay supports for Alipay+ (a currency with another exponent is a one-line change).
/// </summary>
public static class PresentmentCurrencies
{
    public static readonly IReadOnlyList<PresentmentCurrency> All =
    [
        new("CNY", 2, "Alipay"),
        new("HKD", 2, "AlipayHK"),
        new("GBP", 2, "Alipay+"),
        new("IDR", 2, "DANA"),
        new("MYR", 2, "Touch 'n Go", "Boost"),
        new("PHP", 2, "GCash", "BPI", "Akulaku PayLater"),
        new("THB", 2, "Rabbit LINE Pay")
    ];

    private static readonly Dictionary<string, PresentmentCurrency> _byCode =
        All.ToDictionary(currency => currency.Code, StringComparer.OrdinalIgnoreCase);

    public static PresentmentCurrency Find(string currencyCode)
    {
        return currencyCode is not null && _byCode.TryGetValue(currencyCode.Trim(), out var currency) ? currency : null;
    }

    /// <summary>An amount in minor units as the currency writes it; the
    /// bare number for a currency the plugin does not know.</summary>
    public static string Format(string currencyCode, long amountMinor)
    {
        return Find(currencyCode)?.Format(amountMinor)
            ?? amountMinor.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The currencies the shop owner allows (comma-separated codes),
    /// narrowed to what WooshPay supports; empty allows all.
    /// </summary>
    public static IReadOnlyList<PresentmentCurrency> Allowed(string allowedCurrencies)
    {
        if (string.IsNullOrWhiteSpace(allowedCurrencies))
            return All;

        var codes = allowedCurrencies.Split([',', ';', ' '],
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return All.Where(currency => codes.Contains(currency.Code, StringComparer.OrdinalIgnoreCase)).ToList();
    }
}
