using Nop.Plugin.Payments.AlipayPlus.Domain;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Domain;

public class WalletLimitsTests
{
    [Test]
    public void Every_wallet_of_every_presentment_currency_has_its_limits_and_every_limit_names_such_a_wallet()
    {
        var wallets = PresentmentCurrencies.All
            .SelectMany(currency => currency.Wallets.Select(wallet => (currency.Code, wallet)))
            .ToList();
        var limits = WalletLimits.All.Select(limit => (limit.Currency, limit.Wallet)).ToList();

        Assert.That(limits, Is.EquivalentTo(wallets));
    }

    // The figures of "Amounts and currencies" in shared/wooshpay-api-facts.md, in minor units (2 decimals each).
    [TestCase("HKD", 1, new[] { "AlipayHK" })]
    [TestCase("HKD", 0, new string[0])]
    [TestCase("HKD", 5_000_000, new[] { "AlipayHK" })]
    [TestCase("HKD", 5_000_001, new string[0])]
    [TestCase("IDR", 29_999, new string[0])]
    [TestCase("IDR", 30_000, new[] { "DANA" })]
    [TestCase("IDR", 1_000_000_000, new[] { "DANA" })]
    [TestCase("IDR", 1_000_000_001, new string[0])]
    [TestCase("MYR", 4, new string[0])]
    [TestCase("MYR", 5, new[] { "Touch 'n Go", "Boost" })]
    [TestCase("MYR", 500_000, new[] { "Touch 'n Go", "Boost" })]
    [TestCase("MYR", 500_001, new[] { "Touch 'n Go" })]
    [TestCase("MYR", 2_000_001, new string[0])]
    [TestCase("PHP", 50, new[] { "BPI" })]
    [TestCase("PHP", 100, new[] { "GCash", "BPI", "Akulaku PayLater" })]
    [TestCase("PHP", 5_000_001, new[] { "GCash", "Akulaku PayLater" })]
    [TestCase("PHP", 10_000_001, new[] { "Akulaku PayLater" })]
    [TestCase("THB", 1, new[] { "Rabbit LINE Pay" })]
    [TestCase("THB", 99_999_999_999, new[] { "Rabbit LINE Pay" })]
    [TestCase("CNY", 9, new string[0])]
    [TestCase("CNY", 10, new[] { "Alipay" })]
    [TestCase("GBP", 1, new[] { "Alipay+" })]
    public void The_wallets_taking_an_amount_are_those_whose_limits_hold_it(string currency, long amountMinor,
        string[] expected)
    {
        Assert.That(WalletLimits.WalletsTaking(PresentmentCurrencies.Find(currency), amountMinor),
            Is.EqualTo(expected));
    }

    [Test]
    public void A_days_or_a_months_cap_bounds_one_payment()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WalletLimits.Find("MYR", "Boost").MaxForOnePayment, Is.EqualTo(5_000m));
            Assert.That(WalletLimits.Find("PHP", "GCash").MaxForOnePayment, Is.EqualTo(100_000m));
            Assert.That(WalletLimits.Find("PHP", "Akulaku PayLater").MaxForOnePayment, Is.Null);
        });
    }
}
