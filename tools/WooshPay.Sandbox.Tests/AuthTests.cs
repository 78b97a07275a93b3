using System.Net.Http.Headers;
using System.Text;
using WooshPay.Sandbox.Tests.Support;

namespace WooshPay.Sandbox.Tests;

public sealed class AuthTests : SandboxFixture
{
    private static Action<HttpRequestMessage> Auth(string scheme, string value) =>
        r => r.Headers.Authorization = new AuthenticationHeaderValue(scheme, value);

    private static string Basic(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":"));

    [Test]
    public async Task Missing_key_is_401_with_error_envelope_and_request_id()
    {
        var reply = (await Admin.Get("/v1/payment_intents")).Expect(401);
        Assert.Multiple(() =>
        {
            Assert.That(reply.S("error.type"), Is.EqualTo("invalid_request_error"));
            Assert.That(reply.S("error.code"), Is.EqualTo("api_key_missing"));
            Assert.That(reply.S("error.message"), Is.Not.Empty);
            Assert.That(reply.Obj["error"]!.AsObject().ContainsKey("param"), Is.True);
            Assert.That(reply.Header("Request-Id"), Does.Match("^req_\\d+$"));
        });
    }

    [TestCase("Basic", "c2tfZm9vOg==", TestName = "Basic with a non sk_ key")]
    [TestCase("Basic", "!!!not-base64!!!", TestName = "Basic with garbage")]
    [TestCase("Bearer", "sk_wrong_123", TestName = "Bearer with a wrong prefix")]
    [TestCase("Token", "sk_test_abc", TestName = "Unknown scheme")]
    public async Task Wrong_key_is_401(string scheme, string value)
    {
        var reply = (await Admin.Send(HttpMethod.Get, "/v1/payment_intents", configure: Auth(scheme, value)))
            .Expect(401);
        Assert.That(reply.S("error.code"), Is.EqualTo("api_key_invalid"));
    }

    [Test]
    public async Task Bearer_test_key_is_accepted()
    {
        (await Admin.Send(HttpMethod.Get, "/v1/payment_intents", configure: Auth("Bearer", NewSecretKey())))
            .Expect(200);
    }

    [Test]
    public async Task Basic_with_empty_password_is_accepted()
    {
        (await Admin.Send(HttpMethod.Get, "/v1/payment_intents", configure: Auth("Basic", Basic(NewSecretKey()))))
            .Expect(200);
    }

    [Test]
    public async Task Live_key_is_refused_unless_configured()
    {
        var reply = (await Admin.Send(HttpMethod.Get, "/v1/payment_intents",
            configure: Auth("Basic", Basic("sk_live_123456")))).Expect(401);
        Assert.That(reply.S("error.code"), Is.EqualTo("api_key_invalid"));
    }

    [Test]
    public async Task Publishable_key_is_403()
    {
        var reply = (await Admin.Send(HttpMethod.Get, "/v1/payment_intents",
            configure: Auth("Basic", Basic("pk_test_123")))).Expect(403);
        Assert.That(reply.S("error.code"), Is.EqualTo("secret_key_required"));
    }

    [Test]
    public async Task Objects_of_another_key_are_not_found()
    {
        var id = (await CreateIntent()).S("id");
        using var other = ApiFor(NewSecretKey()).Http;
        var reply = (await new RawHttp(other).Get("/v1/payment_intents/" + id)).Expect(404);
        Assert.That(reply.S("error.code"), Is.EqualTo("resource_missing"));
    }
}

/// <summary>A sandbox whose SecretKeys list narrows access and enables one live key.</summary>
public sealed class ConfiguredKeysTests : SandboxFixture
{
    private const string TestKey = "sk_test_allowed_1";
    private const string LiveKey = "sk_live_allowed_1";

    protected override void Configure(SandboxOptions options) => options.SecretKeys = [TestKey, LiveKey];

    [Test]
    public async Task Only_listed_keys_pass_and_live_key_gives_livemode()
    {
        (await Api.Get("/v1/payment_intents")).Expect(401); // the fixture's random key is not listed

        var test = ApiFor(TestKey);
        var testIntent = (await test.Post("/v1/payment_intents", IntentBody())).Expect(200);
        Assert.That(testIntent.Get("livemode")!.GetValue<bool>(), Is.False);

        var live = ApiFor(LiveKey);
        var liveIntent = (await live.Post("/v1/payment_intents", IntentBody())).Expect(200);
        Assert.That(liveIntent.Get("livemode")!.GetValue<bool>(), Is.True);

        // Test and live are separate accounts.
        (await live.Get("/v1/payment_intents/" + testIntent.S("id"))).Expect(404);
    }
}
