using System.Globalization;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Directory;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Checkout;

[TestFixture]
public class PresentmentCurrencyResolverTests
{
    private ShopWorld _world;

    [SetUp]
    public void SetUp() => _world = new ShopWorld();

    [TearDown]
    public void TearDown() => _world.Dispose();

    private void PrimaryIs(string code) =>
        _world.Currencies.Setup(s => s.GetCurrencyByIdAsync(1)).ReturnsAsync(new Currency { Id = 1, CurrencyCode = code, Rate = 1 });

    private Task<PresentmentCurrency> ResolveAsync() => _world.Get<IPresentmentCurrencyResolver>().ResolveForShopperAsync(_world.Settings);

    [TestCase("HKD", "GBP", "HKD")]
    [TestCase("myr", "GBP", "MYR")]
    [TestCase("EUR", "GBP", "GBP")]
    [TestCase("EUR", "USD", null)]
    [TestCase(null, "THB", "THB")]
    public async Task The_shopper_pays_in_the_working_currency_else_the_primary_else_not_at_all(string working, string primary, string expected)
    {
        _world.WorkingCurrency = working;
        PrimaryIs(primary);

        var currency = await ResolveAsync();

        Assert.That(currency?.Code, Is.EqualTo(expected));
    }

    [TestCase("MYR,THB", "THB", "GBP", "THB")]
    [TestCase("MYR,THB", "HKD", "GBP", null)]
    [TestCase("MYR;GBP", "HKD", "GBP", "GBP")]
    [TestCase(" hkd ", "HKD", "GBP", "HKD")]
    [TestCase("XYZ", "HKD", "GBP", null)]
    public async Task The_shop_owner_can_narrow_the_currencies(string allowed, string working, string primary, string expected)
    {
        _world.Settings.AllowedCurrencies = allowed;
        _world.WorkingCurrency = working;
        PrimaryIs(primary);

        var currency = await ResolveAsync();

        Assert.That(currency?.Code, Is.EqualTo(expected));
    }

    [Test]
    public async Task An_order_is_charged_in_its_customer_currency_at_its_own_rate()
    {
        var order = _world.PlaceOrder(totalInPrimary: 12.345m, customerCurrency: "HKD", rate: 7.8m);

        var charge = await _world.Get<IPresentmentCurrencyResolver>().GetChargeAsync(order, _world.Settings);

        Assert.That(charge.Currency.Code, Is.EqualTo("HKD"));
        Assert.That(charge.AmountMinor, Is.EqualTo(9629));
    }

    [Test]
    public async Task An_order_in_an_unsupported_currency_is_charged_in_the_primary_currency_without_the_rate()
    {
        PrimaryIs("GBP");
        var order = _world.PlaceOrder(totalInPrimary: 12.345m, customerCurrency: "EUR", rate: 1.17m);

        var charge = await _world.Get<IPresentmentCurrencyResolver>().GetChargeAsync(order, _world.Settings);

        Assert.That(charge.Currency.Code, Is.EqualTo("GBP"));
        Assert.That(charge.AmountMinor, Is.EqualTo(1235));
    }

    [Test]
    public async Task An_order_whose_currency_the_owner_no_longer_allows_falls_back_to_the_primary()
    {
        PrimaryIs("GBP");
        _world.Settings.AllowedCurrencies = "GBP";
        var order = _world.PlaceOrder(totalInPrimary: 10m, customerCurrency: "HKD", rate: 7.8m);

        var charge = await _world.Get<IPresentmentCurrencyResolver>().GetChargeAsync(order, _world.Settings);

        Assert.That((charge.Currency.Code, charge.AmountMinor), Is.EqualTo(("GBP", 1000L)));
    }

    [Test]
    public async Task No_charge_when_neither_currency_is_supported()
    {
        var order = _world.PlaceOrder(totalInPrimary: 10m, customerCurrency: "EUR", rate: 0.9m);

        var charge = await _world.Get<IPresentmentCurrencyResolver>().GetChargeAsync(order, _world.Settings);

        Assert.That(charge, Is.Null);
    }
}

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
        Assert.That(PresentmentCurrencies.All.Select(c => c.Code), Is.EquivalentTo(new[] { "CNY", "HKD", "GBP", "IDR", "MYR", "PHP", "THB" }));
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
