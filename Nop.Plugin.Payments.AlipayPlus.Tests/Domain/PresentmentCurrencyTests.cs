using System.Globalization;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Domain;

[TestFixture]
public class PresentmentCurrencyTests
{
    private static readonly PresentmentCurrency Hkd = PresentmentCurrencies.Find("HKD");

    [TestCase("1.00", 100)]
    [TestCase("96.291", 9629)]
    [TestCase("0.005", 1)]
    [TestCase("0.0049", 0)]
    [TestCase("2.675", 268)]
    [TestCase("1.125", 113)]
    [TestCase("-0.005", -1)]
    [TestCase("-2.675", -268)]
    [TestCase("50000", 5000000)]
    public void Minor_units_round_half_away_from_zero(string amount, long expected)
    {
        Assert.That(Hkd.ToMinorUnits(decimal.Parse(amount, CultureInfo.InvariantCulture)), Is.EqualTo(expected));
    }

    [TestCase(9629, "96.29")]
    [TestCase(5, "0.05")]
    [TestCase(100, "1.00")]
    [TestCase(0, "0.00")]
    [TestCase(1000000000, "10000000.00")]
    public void Minor_units_convert_back_and_format_invariantly(long minor, string formatted)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Assert.That(Hkd.Format(minor), Is.EqualTo(formatted));
            Assert.That(Hkd.FromMinorUnits(minor), Is.EqualTo(decimal.Parse(formatted, CultureInfo.InvariantCulture)));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Test]
    public void Another_exponent_is_honoured()
    {
        var zeroDecimals = new PresentmentCurrency("JPY", 0);
        var threeDecimals = new PresentmentCurrency("KWD", 3);

        Assert.Multiple(() =>
        {
            Assert.That(zeroDecimals.ToMinorUnits(1234.5m), Is.EqualTo(1235));
            Assert.That(zeroDecimals.Format(1235), Is.EqualTo("1235"));
            Assert.That(threeDecimals.ToMinorUnits(1.2345m), Is.EqualTo(1235));
            Assert.That(threeDecimals.FromMinorUnits(1235), Is.EqualTo(1.235m));
            Assert.That(threeDecimals.Format(1235), Is.EqualTo("1.235"));
        });
    }

    [Test]
    public void The_table_holds_the_seven_WooshPay_currencies_with_two_decimals()
    {
        Assert.That(PresentmentCurrencies.All.Select(c => c.Code),
            Is.EquivalentTo(new[] { "CNY", "HKD", "GBP", "IDR", "MYR", "PHP", "THB" }));
        Assert.That(PresentmentCurrencies.All.Select(c => c.Exponent), Has.All.EqualTo(2));
    }

    [TestCase("hkd", "HKD")]
    [TestCase(" PHP ", "PHP")]
    [TestCase("USD", null)]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void Find_ignores_case_and_spaces(string code, string expected)
    {
        Assert.That(PresentmentCurrencies.Find(code)?.Code, Is.EqualTo(expected));
    }

    [TestCase(null, 7)]
    [TestCase("  ", 7)]
    [TestCase("hkd; THB,xxx", 2)]
    [TestCase("USD", 0)]
    public void Allowed_narrows_to_known_codes(string allowed, int count)
    {
        Assert.That(PresentmentCurrencies.Allowed(allowed), Has.Count.EqualTo(count));
    }
}
