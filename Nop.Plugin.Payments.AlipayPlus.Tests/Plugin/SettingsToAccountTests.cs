using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Plugin;

public class SettingsToAccountTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void The_stores_traffic_logging_switch_reaches_its_wooshpay_account(bool log)
    {
        var account = new AlipayPlusSettings { SecretKey = " sk_test_abc ", UseTestEnvironment = true,
            ApiBaseUrl = "http://127.0.0.1:12111", LogGatewayTraffic = log }
            .ToWooshPayAccount();

        Assert.That(account.LogTraffic, Is.EqualTo(log));
        Assert.That(account.SecretKey, Is.EqualTo("sk_test_abc"));
        Assert.That(account.BaseAddress.ToString(), Is.EqualTo("http://127.0.0.1:12111/"));
    }
}
