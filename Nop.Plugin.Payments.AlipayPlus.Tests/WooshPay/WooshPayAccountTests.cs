using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.WooshPay;

[TestFixture]
public class WooshPayAccountTests
{
    [Test]
    public void Picks_the_host_from_the_mode()
    {
        Assert.That(new WooshPayAccount("sk_test_x", true).BaseAddress,
            Is.EqualTo(new Uri("https://apitest.wooshpay.com/")));
        Assert.That(new WooshPayAccount("sk_live_x", false).BaseAddress,
            Is.EqualTo(new Uri("https://api.wooshpay.com/")));
    }

    [Test]
    public void Override_wins_and_gets_a_trailing_slash()
    {
        var account = new WooshPayAccount("sk_test_x", true, " http://127.0.0.1:5000/sandbox ");

        Assert.That(account.BaseUrlOverride, Is.EqualTo("http://127.0.0.1:5000/sandbox"));
        Assert.That(account.BaseAddress, Is.EqualTo(new Uri("http://127.0.0.1:5000/sandbox/")));
    }

    [TestCase("ftp://x")]
    [TestCase("relative/path")]
    [TestCase("https://user:pw@host/")]
    [TestCase("https://host/?a=1")]
    public void Rejects_a_bad_override(string url)
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new WooshPayAccount("sk_test_x", true, url));
        Assert.That(ex.Message, Does.Not.Contain("pw"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void Requires_a_key(string key)
    {
        Assert.Throws<ArgumentException>(() => _ = new WooshPayAccount(key, true));
    }

    [Test]
    public void Trims_a_pasted_key_and_tells_its_mode()
    {
        var live = new WooshPayAccount(" sk_live_abc\n", false);
        var test = new WooshPayAccount("sk_test_abc", false);

        Assert.That(live.SecretKey, Is.EqualTo("sk_live_abc"));
        Assert.That(live.IsLiveKey, Is.True);
        Assert.That(live.KeyMatchesEnvironment, Is.True);
        Assert.That(test.IsLiveKey, Is.False);
        Assert.That(test.IsTestKey, Is.True);
        Assert.That(test.KeyMatchesEnvironment, Is.False, "a test key against the live host");
    }

    [Test]
    public void ToString_never_reveals_the_key()
    {
        const string key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc1234";
        var account = new WooshPayAccount(key, true);
        var overridden = new WooshPayAccount(key, true, "http://127.0.0.1:5000");
        var shortKey = new WooshPayAccount("sk_live_short", false);

        Assert.That(account.ToString(), Is.EqualTo("sk_test_…1234 (test)"));
        Assert.That(overridden.ToString(), Is.EqualTo("sk_test_…1234 (test, http://127.0.0.1:5000/)"));
        Assert.That(shortKey.ToString(), Is.EqualTo("sk_live_… (live)"),
            "a short key shows nothing of its secret part");
        Assert.That(account.ToString() + overridden + account.MaskedSecretKey, Does.Not.Contain(key[8..^4]));
        Assert.That($"{account}", Does.Not.Contain(key));
    }

    [Test]
    public void Timestamps_clamp_instead_of_throwing()
    {
        Assert.That(WooshPayTimestamp.ToDateTimeOffset(long.MaxValue), Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(WooshPayTimestamp.ToDateTimeOffset(long.MinValue), Is.EqualTo(DateTimeOffset.MinValue));
        Assert.That(WooshPayTimestamp.ToDateTimeOffset((long?)null), Is.Null);
    }

    [Test]
    public void A_live_key_never_goes_to_an_overridden_host()
    {
        var live = new WooshPayAccount("sk_live_abc", useTestEnvironment: false, "https://collector.example/");

        Assert.That(live.BaseAddress, Is.EqualTo(new Uri(WooshPayAccount.LiveBaseUrl)));
        Assert.That(live.BaseUrlOverride, Is.Null);
        Assert.That(live.BaseUrlOverrideIgnored, Is.True);
    }

    [Test]
    public void A_test_key_outside_the_test_environment_or_a_live_key_inside_it_ignores_the_override()
    {
        Assert.That(new WooshPayAccount("sk_test_abc", useTestEnvironment: false, "http://127.0.0.1:12111").BaseAddress,
            Is.EqualTo(new Uri(WooshPayAccount.LiveBaseUrl)));
        Assert.That(new WooshPayAccount("sk_live_abc", useTestEnvironment: true, "http://127.0.0.1:12111").BaseAddress,
            Is.EqualTo(new Uri(WooshPayAccount.TestBaseUrl)));
        Assert.That(new WooshPayAccount("sk_test_abc", useTestEnvironment: true, "http://127.0.0.1:12111").BaseAddress,
            Is.EqualTo(new Uri("http://127.0.0.1:12111/")), "a sandbox with a test key is what the override is for");
    }
}
