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
        _world.Currencies.Setup(s => s.GetCurrencyByIdAsync(1))
            .ReturnsAsync(new Currency { Id = 1, CurrencyCode = code, Rate = 1 });

    private Task<PresentmentCurrency> ResolveAsync() => _world.Get<IPresentmentCurrencyResolver>()
        .ResolveForShopperAsync(_world.Settings);

    [TestCase("HKD", "GBP", "HKD")]
    [TestCase("myr", "GBP", "MYR")]
    [TestCase("EUR", "GBP", "GBP")]
    [TestCase("EUR", "USD", null)]
    [TestCase(null, "THB", "THB")]
    public async Task The_shopper_pays_in_the_working_currency_else_the_primary_else_not_at_all(string working,
        string primary, string expected)
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
    public async Task The_shop_owner_can_narrow_the_currencies(string allowed, string working, string primary,
        string expected)
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
