using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.WooshPay;

[TestFixture]
public class WebhookSignatureVerifierTests
{
    private const string Secret = "whsec_c2lnbmluZ19zZWNyZXRfZm9yX3dvb3NocGF5X3Rlc3Rz";
    private const long Now = 1_700_000_000;
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","status":"succeeded","amount":200}}}""");

    private FakeTimeProvider _clock;
    private WebhookSignatureVerifier _verifier;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now));
        _verifier = new WebhookSignatureVerifier(_clock);
    }

    /// <summary>An independent signer: HMAC-SHA256 over the literal string t + "." + body.</summary>
    internal static string Sign(string secret, long timestamp, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var message = Encoding.UTF8.GetBytes(timestamp + "." + Encoding.UTF8.GetString(body));
        return Convert.ToHexString(hmac.ComputeHash(message)).ToLowerInvariant();
    }

    [Test]
    public void Accepts_a_valid_signature()
    {
        var result = _verifier.Verify(Body, $"t={Now},v1={Sign(Secret, Now, Body)}", Secret, Tolerance);

        Assert.That(result.IsValid, Is.True, result.Reason);
        Assert.That(result.Failure, Is.EqualTo(WebhookSignatureFailure.None));
        Assert.That(result.SignedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(Now)));
    }

    [Test]
    public void Accepts_upper_case_hex_spaces_and_other_schemes()
    {
        var header = $" t={Now} , v0=abc, v1={Sign(Secret, Now, Body).ToUpperInvariant()} ,x=y";

        Assert.That(_verifier.Verify(Body, header, Secret, Tolerance).IsValid, Is.True);
    }

    [Test]
    public void Accepts_when_any_of_several_v1_values_matches()
    {
        var header = $"t={Now},v1={Sign("whsec_old_secret", Now, Body)},v1={Sign(Secret, Now, Body)},v1={new string('0', 64)}";

        Assert.That(_verifier.Verify(Body, header, Secret, Tolerance).IsValid, Is.True);
    }

    [Test]
    public void Default_tolerance_is_five_minutes()
    {
        var header = $"t={Now - 299},v1={Sign(Secret, Now - 299, Body)}";

        Assert.That(_verifier.Verify(Body, header, Secret).IsValid, Is.True);
        Assert.That(WebhookSignatureVerifier.DefaultTolerance, Is.EqualTo(TimeSpan.FromSeconds(300)));
        Assert.That(WebhookSignatureVerifier.HeaderName, Is.EqualTo("Wooshpay-Signature"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Rejects_a_missing_header(string header)
    {
        var result = _verifier.Verify(Body, header, Secret, Tolerance);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Failure, Is.EqualTo(WebhookSignatureFailure.MissingHeader));
        Assert.That(result.Reason, Does.Contain("Wooshpay-Signature"));
    }

    [TestCase("v1=0000000000000000000000000000000000000000000000000000000000000000", "no t=")]
    [TestCase("t=1700000000", "no v1=")]
    [TestCase("t=1700000000,v0=abcdef", "no v1=")]
    [TestCase("t=1700000000,v1=xyz", "64 hex digits")]
    [TestCase("t=1700000000,v1=zz00000000000000000000000000000000000000000000000000000000000000", "64 hex digits")]
    [TestCase("t=1700000000,v1=00000000000000000000000000000000000000000000000000000000000000", "64 hex digits")]
    [TestCase("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000", "Unix time")]
    [TestCase("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000", "Unix time")]
    [TestCase("t=1.5,v1=0000000000000000000000000000000000000000000000000000000000000000", "Unix time")]
    [TestCase("t=99999999999999999999,v1=0000000000000000000000000000000000000000000000000000000000000000", "Unix time")]
    [TestCase("t=,v1=0000000000000000000000000000000000000000000000000000000000000000", "no t=")]
    [TestCase("t=1700000000,t=1700000001,v1=0000000000000000000000000000000000000000000000000000000000000000", "more than one t=")]
    [TestCase("garbage", "no t=")]
    public void Rejects_a_malformed_header(string header, string reason)
    {
        var result = _verifier.Verify(Body, header, Secret, Tolerance);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Failure, Is.EqualTo(WebhookSignatureFailure.MalformedHeader));
        Assert.That(result.Reason, Does.Contain(reason));
    }

    [TestCase(null)]
    [TestCase("")]
    public void Rejects_when_no_secret_is_configured(string secret)
    {
        var result = _verifier.Verify(Body, $"t={Now},v1={Sign(Secret, Now, Body)}", secret, Tolerance);

        Assert.That(result.Failure, Is.EqualTo(WebhookSignatureFailure.MissingSecret));
        Assert.That(result.IsValid, Is.False);
    }

    [Test]
    public void Rejects_a_stale_timestamp()
    {
        var signedAt = Now - 301;

        var result = _verifier.Verify(Body, $"t={signedAt},v1={Sign(Secret, signedAt, Body)}", Secret, Tolerance);

        Assert.That(result.Failure, Is.EqualTo(WebhookSignatureFailure.StaleTimestamp));
        Assert.That(result.Reason, Does.Contain("301 s old"));
    }

    [Test]
    public void Rejects_a_future_timestamp()
    {
        var signedAt = Now + 301;

        var result = _verifier.Verify(Body, $"t={signedAt},v1={Sign(Secret, signedAt, Body)}", Secret, Tolerance);

        Assert.That(result.Failure, Is.EqualTo(WebhookSignatureFailure.FutureTimestamp));
        Assert.That(result.Reason, Does.Contain("future"));
    }

    [Test]
    public void Tolerance_is_configurable_and_follows_the_injected_clock()
    {
        var signedAt = Now - 30;
        var header = $"t={signedAt},v1={Sign(Secret, signedAt, Body)}";

        Assert.That(_verifier.Verify(Body, header, Secret, TimeSpan.FromSeconds(30)).IsValid, Is.True);
        Assert.That(_verifier.Verify(Body, header, Secret, TimeSpan.FromSeconds(29)).Failure, Is.EqualTo(WebhookSignatureFailure.StaleTimestamp));

        _clock.AdjustTime(DateTimeOffset.FromUnixTimeSeconds(signedAt - 10));
        Assert.That(_verifier.Verify(Body, header, Secret, TimeSpan.FromSeconds(10)).IsValid, Is.True);
        Assert.That(_verifier.Verify(Body, header, Secret, TimeSpan.FromSeconds(9)).Failure, Is.EqualTo(WebhookSignatureFailure.FutureTimestamp));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(Body, header, Secret, TimeSpan.FromSeconds(-1)));
    }

    [Test]
    public void Rejects_a_wrong_secret()
    {
        var result = _verifier.Verify(Body, $"t={Now},v1={Sign("whsec_someone_else", Now, Body)}", Secret, Tolerance);

        Assert.That(result.Failure, Is.EqualTo(WebhookSignatureFailure.BadSignature));
        Assert.That(result.IsValid, Is.False);
    }

    [Test]
    public void Rejects_a_body_changed_after_signing()
    {
        var header = $"t={Now},v1={Sign(Secret, Now, Body)}";
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("\"amount\":200", "\"amount\":2"));
        var reformatted = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace(",", ", "));

        Assert.That(_verifier.Verify(tampered, header, Secret, Tolerance).Failure, Is.EqualTo(WebhookSignatureFailure.BadSignature));
        Assert.That(_verifier.Verify(reformatted, header, Secret, Tolerance).Failure, Is.EqualTo(WebhookSignatureFailure.BadSignature), "same JSON, other bytes");
    }

    [Test]
    public void Rejects_a_signature_made_for_another_timestamp()
    {
        var header = $"t={Now},v1={Sign(Secret, Now - 1, Body)}";

        Assert.That(_verifier.Verify(Body, header, Secret, Tolerance).Failure, Is.EqualTo(WebhookSignatureFailure.BadSignature));
    }

    [Test]
    public void Handles_empty_bodies_long_secrets_and_non_ascii()
    {
        var longSecret = "whsec_" + new string('é', 400);
        var body = Encoding.UTF8.GetBytes("""{"name":"台湾凤梨 ✓"}""");

        Assert.That(_verifier.Verify(body, $"t={Now},v1={Sign(longSecret, Now, body)}", longSecret, Tolerance).IsValid, Is.True);
        Assert.That(_verifier.Verify(Array.Empty<byte>(), $"t={Now},v1={Sign(Secret, Now, Array.Empty<byte>())}", Secret, Tolerance).IsValid, Is.True);
    }

    [Test]
    public void Reasons_never_contain_the_secret_or_the_expected_signature()
    {
        var expected = Sign(Secret, Now, Body);
        var headers = new[]
        {
            null, "junk", $"t={Now}", $"t={Now - 1000},v1={Sign(Secret, Now - 1000, Body)}", $"t={Now + 1000},v1={Sign(Secret, Now + 1000, Body)}",
            $"t={Now},v1={new string('a', 64)}",
        };

        foreach (var header in headers)
        {
            var result = _verifier.Verify(Body, header, Secret, Tolerance);
            Assert.That(result.Reason + result, Does.Not.Contain(Secret).And.Not.Contain(expected));
        }
    }
}
