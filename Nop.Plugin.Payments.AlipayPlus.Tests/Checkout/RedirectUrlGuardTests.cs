using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Checkout;

/// <summary>The guard's other side: what it must keep letting through.</summary>
public class RedirectUrlGuardTests
{
    private static readonly WooshPayAccount Live = new("sk_live_guard0000000000000000", useTestEnvironment: false);
    private static readonly WooshPayAccount Test = new("sk_test_guard0000000000000000", useTestEnvironment: true,
        "http://127.0.0.1:12111");

    [Test]
    public void An_https_page_passes_in_live_mode() =>
        Assert.DoesNotThrow(() => RedirectUrlGuard.EnsureSafe(Live, livemode: true,
            "https://open-sea-global.alipay.com/page/cashier?x=1", "pi_1"));

    [Test]
    public void The_local_sandbox_http_page_passes_in_test_mode() =>
        Assert.DoesNotThrow(() => RedirectUrlGuard.EnsureSafe(Test, livemode: false,
            "http://127.0.0.1:12111/hosted/alipayplus/pi_1", "pi_1"));

    [Test]
    public void A_live_event_flag_alone_is_enough_to_demand_https() =>
        Assert.Throws<WooshPayException>(() => RedirectUrlGuard.EnsureSafe(Test, livemode: true,
            "http://127.0.0.1:12111/hosted/alipayplus/pi_1", "pi_1"));

    [TestCase("https://checkout.wooshpay.com/pay/cs_live_1")]
    [TestCase("https://open-sea.alipayplus.com/api/open/v1/ac/cashier/self/codevalue/checkout.htm?x=1")]
    [TestCase("https://wooshpay.com/pay")]
    public void WooshPay_and_Alipay_plus_pages_pass_in_live_mode(string url) =>
        Assert.DoesNotThrow(() => RedirectUrlGuard.EnsureSafe(Live, livemode: true, url, "pi_1"));

    [TestCase("https://attacker.example/cashier")]
    [TestCase("https://wooshpay.com.attacker.example/pay")]
    [TestCase("https://notwooshpay.com/pay")]
    [TestCase("https://alipayplus.com@attacker.example/pay")]
    public void Any_other_https_host_is_refused_in_live_mode(string url)
    {
        var refused = Assert.Throws<WooshPayException>(() =>
            RedirectUrlGuard.EnsureSafe(Live, livemode: true, url, "pi_1"));
        Assert.That(refused.Message, Does.Contain("not a WooshPay or Alipay+ host"));
    }
}
