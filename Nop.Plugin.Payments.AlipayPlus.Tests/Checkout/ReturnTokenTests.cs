using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Checkout;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Checkout;

[TestFixture]
public class ReturnTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static string Token(int orderId = 20, int storeId = 1, TimeSpan? validFor = null, byte[] secret = null) =>
        new ReturnToken(orderId, storeId, Now + (validFor ?? TimeSpan.FromHours(1))).Sign(secret ?? Secret);

    [Test]
    public void A_signed_token_reads_back_as_the_order_and_store_it_names()
    {
        var read = ReturnToken.Read(Token(orderId: 20, storeId: 3), Secret, Now);

        Assert.That((read?.OrderId, read?.StoreId, read?.ExpiresOn), Is.EqualTo((20, 3, Now + TimeSpan.FromHours(1))));
    }

    [Test]
    public void The_mac_is_an_hmac_sha256_of_the_payload_that_anyone_with_the_secret_can_recompute()
    {
        var token = Token(orderId: 20, storeId: 1);
        var payload = token[..token.LastIndexOf('.')];
        var expected = HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes("alipayplus-return-v1:" + payload));

        Assert.That(payload, Is.EqualTo($"20.1.{(Now + TimeSpan.FromHours(1)).ToUnixTimeSeconds()}"));
        Assert.That(token[(token.LastIndexOf('.') + 1)..],
            Is.EqualTo(Convert.ToBase64String(expected).TrimEnd('=').Replace('+', '-').Replace('/', '_')));
    }

    [Test]
    public void A_token_is_refused_from_the_second_it_expires()
    {
        var token = Token(validFor: TimeSpan.FromMinutes(10));

        Assert.That(ReturnToken.Read(token, Secret, Now + TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1)),
            Is.Not.Null);
        Assert.That(ReturnToken.Read(token, Secret, Now + TimeSpan.FromMinutes(10)), Is.Null);
        Assert.That(ReturnToken.Read(token, Secret, Now + TimeSpan.FromDays(3)), Is.Null);
    }

    [Test]
    public void A_token_with_any_one_character_changed_is_refused()
    {
        var token = Token();
        var alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.";

        for (var i = 0; i < token.Length; i++)
        {
            foreach (var c in alphabet.Where(c => c != token[i]))
            {
                var tampered = token[..i] + c + token[(i + 1)..];
                var read = ReturnToken.Read(tampered, Secret, Now);
                // The last character of an unpadded base64 MAC carries two unused bits: a variant that decodes to the
                // same MAC is the same token, not a forgery.
                if (read is not null)
                    Assert.That((i, read), Is.EqualTo((token.Length - 1, ReturnToken.Read(token, Secret, Now))),
                        $"'{tampered}' was accepted");
            }
        }
    }

    [Test]
    public void A_token_for_one_order_cannot_be_turned_into_one_for_another_order_or_store()
    {
        var token = Token(orderId: 20, storeId: 1);
        var mac = token[(token.LastIndexOf('.') + 1)..];
        var expires = (Now + TimeSpan.FromHours(1)).ToUnixTimeSeconds();

        Assert.That(ReturnToken.Read($"21.1.{expires}.{mac}", Secret, Now), Is.Null, "another order");
        Assert.That(ReturnToken.Read($"20.2.{expires}.{mac}", Secret, Now), Is.Null, "another store");
        Assert.That(ReturnToken.Read($"20.1.{expires + 86400}.{mac}", Secret, Now), Is.Null, "a later expiry");
    }

    [Test]
    public void A_token_signed_with_another_secret_is_refused()
    {
        var other = ReturnToken.NewSecret();

        Assert.That(ReturnToken.Read(Token(secret: other), Secret, Now), Is.Null);
        Assert.That(ReturnToken.Read(Token(), other, Now), Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("20")]
    [TestCase("20.1")]
    [TestCase("20.1.99999999999")]
    [TestCase("20.1.99999999999.")]
    [TestCase("20.1.99999999999.AAAA")]
    [TestCase("20.1.99999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.extra")]
    [TestCase("-20.1.99999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("20.1.99999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("20.1.99999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+/")]
    public void A_malformed_token_is_refused(string token)
    {
        Assert.That(ReturnToken.Read(token, Secret, Now), Is.Null);
    }

    [Test]
    public void The_same_numbers_written_differently_are_refused()
    {
        var token = Token(orderId: 20, storeId: 1);

        Assert.That(ReturnToken.Read("0" + token, Secret, Now), Is.Null, "a leading zero");
        Assert.That(ReturnToken.Read("+" + token, Secret, Now), Is.Null, "a plus sign");
        Assert.That(ReturnToken.Read(" " + token, Secret, Now), Is.Null, "a space");
    }

    [Test]
    public void A_token_longer_than_any_the_plugin_writes_is_refused_unread()
    {
        Assert.That(ReturnToken.Read(Token() + new string('A', ReturnToken.MaxLength), Secret, Now), Is.Null);
    }

    [Test]
    public void Without_a_secret_nothing_verifies()
    {
        Assert.That(ReturnToken.Read(Token(), null, Now), Is.Null);
        Assert.That(ReturnToken.Read(Token(), [], Now), Is.Null);
    }

    [Test]
    public void Each_new_secret_is_32_random_bytes()
    {
        var secrets = Enumerable.Range(0, 20).Select(_ => Convert.ToBase64String(ReturnToken.NewSecret())).ToList();

        Assert.That(secrets.Select(Convert.FromBase64String).Select(s => s.Length), Is.All.EqualTo(32));
        Assert.That(secrets.Distinct().Count(), Is.EqualTo(20));
    }
}
