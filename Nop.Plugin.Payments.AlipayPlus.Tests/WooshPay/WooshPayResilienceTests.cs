using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using WooshPay.Seed;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.WooshPay;

/// <summary>
/// The client as AddWooshPayClient registers it: resilience pipeline in front of an in-memory handler.
/// </summary>
[TestFixture]
public class WooshPayResilienceTests
{
    private const string SecretKey = "sk_live_51HxResilienceKeyForTests0000abcd";
    private static readonly WooshPayAccount Account = new(SecretKey, useTestEnvironment: false);

    private FakeHttpMessageHandler _handler;
    private CapturingLoggerProvider _logs;
    private ServiceProvider _services;

    [SetUp]
    public void SetUp()
    {
        _handler = new FakeHttpMessageHandler();
        _logs = new CapturingLoggerProvider();
    }

    [TearDown]
    public void TearDown() => _services?.Dispose();

    [Test]
    public async Task Get_is_retried_on_500_503_and_429_until_one_success()
    {
        var client = Build();
        _handler.ThenJson(HttpStatusCode.InternalServerError, """{"error":{"type":"api_error","message":"boom"}}""")
            .ThenText(HttpStatusCode.ServiceUnavailable, "unavailable")
            .ThenJson(HttpStatusCode.TooManyRequests, """{"error":{"type":"api_error","code":"rate_limit"}}""",
                r => r.Headers.Add("Retry-After", "1"))
            .ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse);

        var intent = await client.GetPaymentIntentAsync(Account, "pi_1");

        Assert.That(intent.Id, Is.EqualTo("pi_1646355176136638464"));
        Assert.That(_handler.Attempts, Is.EqualTo(4));
    }

    [Test]
    public async Task Every_request_says_who_is_calling_as_the_caller_configured_it()
    {
        var client = Build(o => o.UserAgent = "shop-integration-test/2.0");
        _handler.ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse);

        await client.GetPaymentIntentAsync(Account, "pi_1");

        Assert.That(_handler.Requests.Single().AllHeaders, Does.Contain("User-Agent: shop-integration-test/2.0"));
    }

    [Test]
    public void Retry_after_is_read_as_seconds_or_as_a_date_on_the_given_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.Add("Retry-After", "1");
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        date.Headers.Add("Retry-After", "Fri, 27 Nov 2026 12:00:07 GMT");
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.Add("Retry-After", "Fri, 27 Nov 2026 11:59:00 GMT");

        Assert.Multiple(() =>
        {
            Assert.That(WooshPayRetryPolicy.GetRetryAfter(seconds, clock), Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(WooshPayRetryPolicy.GetRetryAfter(date, clock), Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(WooshPayRetryPolicy.GetRetryAfter(past, clock), Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public async Task Post_with_idempotency_key_is_retried_with_the_same_key_and_body()
    {
        var client = Build();
        _handler.ThenText(HttpStatusCode.BadGateway, "bad gateway")
            .ThenThrow(new HttpRequestException("Connection reset by peer"))
            .ThenJson(HttpStatusCode.OK, SeedBodies.RefundResponse);

        var refund = await client.CreateRefundAsync(Account,
            new RefundCreateRequest { PaymentIntent = "pi_1", Amount = 20 }, "refund:order-9:1");

        Assert.That(refund.Id, Is.EqualTo("re_1575092157281206272"));
        Assert.That(_handler.Attempts, Is.EqualTo(3));
        Assert.That(_handler.Requests.Select(r => r.IdempotencyKey).Distinct(),
            Is.EqualTo(new[] { "refund:order-9:1" }));
        Assert.That(_handler.Requests.Select(r => r.Body).Distinct(),
            Is.EqualTo(new[] { """{"payment_intent":"pi_1","amount":20}""" }));
    }

    [Test]
    public async Task Post_without_idempotency_key_is_never_repeated()
    {
        // The client always sends a key; this is the guard behind it, exercised through the same pipeline.
        Build();
        var http = _services.GetRequiredService<IHttpClientFactory>()
            .CreateClient(WooshPayServiceCollectionExtensions.HttpClientName);
        _handler.ThenText(HttpStatusCode.ServiceUnavailable, "unavailable");

        using var withoutKey = new HttpRequestMessage(HttpMethod.Post,
            "https://api.wooshpay.com/v1/refunds") { Content = new StringContent("{}") };
        using var response = await http.SendAsync(withoutKey);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(_handler.Attempts, Is.EqualTo(1));

        using var withKey = new HttpRequestMessage(HttpMethod.Post,
            "https://api.wooshpay.com/v1/refunds") { Content = new StringContent("{}") };
        withKey.Headers.Add("Idempotency-Key", "k");
        using var retried = await http.SendAsync(withKey);

        Assert.That(_handler.Attempts, Is.EqualTo(1 + 4), "the same call with a key is retried");
    }

    [TestCase(HttpStatusCode.BadRequest)]
    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.PaymentRequired)]
    [TestCase(HttpStatusCode.Forbidden)]
    [TestCase(HttpStatusCode.NotFound)]
    [TestCase(HttpStatusCode.Conflict)]
    public void Client_errors_are_not_retried(HttpStatusCode status)
    {
        var client = Build();
        _handler.ThenJson(status, """{"error":{"type":"invalid_request_error","code":"x","message":"no"}}""");

        var ex = Assert.ThrowsAsync<WooshPayException>(() =>
            client.CreatePaymentIntentAsync(Account, new PaymentIntentCreateRequest { Amount = 100, Currency = "HKD" },
                "order-1"));

        Assert.That(ex.HttpStatus, Is.EqualTo((int)status));
        Assert.That(ex.IsTransient, Is.False);
        Assert.That(_handler.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void Retries_give_up_after_MaxRetries_with_a_transient_error()
    {
        var client = Build(o => o.MaxRetries = 2);
        _handler.ThenJson(HttpStatusCode.InternalServerError,
            """{"error":{"type":"api_error","message":"still broken"}}""", r => r.Headers.Add("Request-Id", "req_500"));

        var ex = Assert.ThrowsAsync<WooshPayException>(() => client.GetRefundAsync(Account, "re_1"));

        Assert.That(_handler.Attempts, Is.EqualTo(3));
        Assert.That(ex.HttpStatus, Is.EqualTo(500));
        Assert.That(ex.IsTransient, Is.True);
        Assert.That(ex.RequestId, Is.EqualTo("req_500"));
    }

    [Test]
    public void MaxRetries_zero_turns_retrying_off()
    {
        var client = Build(o => o.MaxRetries = 0);
        _handler.ThenText(HttpStatusCode.ServiceUnavailable, "unavailable");

        Assert.ThrowsAsync<WooshPayException>(() => client.GetRefundAsync(Account, "re_1"));
        Assert.That(_handler.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void A_Retry_After_longer_than_allowed_is_left_to_the_caller()
    {
        var client = Build(o => o.MaxRetryAfter = TimeSpan.FromSeconds(5));
        _handler.ThenJson(HttpStatusCode.TooManyRequests,
            """{"error":{"type":"api_error","code":"rate_limit","message":"slow down"}}""",
            r => r.Headers.Add("Retry-After", "120"));

        var ex = Assert.ThrowsAsync<WooshPayException>(() => client.GetRefundAsync(Account, "re_1"));

        Assert.That(_handler.Attempts, Is.EqualTo(1));
        Assert.That(ex.IsTransient, Is.True);
        Assert.That(ex.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(120)));
    }

    [Test]
    public async Task A_hanging_attempt_is_cut_off_and_retried()
    {
        var client = Build(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(100));
        _handler.ThenHang().ThenJson(HttpStatusCode.OK, SeedBodies.CheckoutSessionResponse);

        var session = await client.GetCheckoutSessionAsync(Account, "cs_1");

        Assert.That(session.Id, Is.EqualTo("cs_1597163428114333696"));
        Assert.That(_handler.Attempts, Is.EqualTo(2));
    }

    [Test]
    public void Total_timeout_ends_the_call_as_a_transient_WooshPayException()
    {
        var client = Build(o =>
        {
            o.TotalTimeout = TimeSpan.FromMilliseconds(300);
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
        });
        _handler.ThenHang();

        var ex = Assert.ThrowsAsync<WooshPayException>(() => client.GetPaymentIntentAsync(Account, "pi_1"));

        Assert.That(ex.IsTransient, Is.True);
        Assert.That(ex.Message, Does.Contain("timed out"));
        Assert.That(_handler.Attempts, Is.EqualTo(1),
            "the total budget cancelled the one attempt; nothing was retried after it");
    }

    [Test]
    public void Caller_cancellation_stops_retrying_and_is_not_wrapped()
    {
        // Jitter can shorten the first back-off a lot; 30 s keeps it far beyond the 200 ms cancel.
        var client = Build(o => o.BaseDelay = TimeSpan.FromSeconds(30));
        _handler.ThenText(HttpStatusCode.ServiceUnavailable, "unavailable");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.CatchAsync<OperationCanceledException>(() => client.GetPaymentIntentAsync(Account, "pi_1", cts.Token));
        Assert.That(_handler.Attempts, Is.EqualTo(1), "cancelled during the back-off, before a second attempt");
    }

    [Test]
    public async Task Traffic_log_shows_each_attempt_but_never_the_key()
    {
        var client = Build(o => o.LogTraffic = true);
        _handler.ThenText(HttpStatusCode.ServiceUnavailable, "unavailable")
            .ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse, r => r.Headers.Add("Request-Id", "req_ok"));

        var intent = await client.CreatePaymentIntentAsync(Account,
            new PaymentIntentCreateRequest { Amount = 200, Currency = "IDR" }, "order-77");

        var traffic = _logs.Lines.Where(l => l.Contains("WooshPayTrafficLoggingHandler")
            && l.StartsWith("[Information]")).ToList();
        Assert.That(traffic, Has.Count.EqualTo(2));
        Assert.That(traffic[0], Does.Contain("POST /v1/payment_intents answered 503"));
        Assert.That(traffic[1], Does.Contain("answered 200").And.Contain("req_ok").And.Contain("order-77"));

        var everything = _logs.AllText;
        Assert.That(everything, Does.Not.Contain(SecretKey));
        Assert.That(everything, Does.Not.Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretKey + ":"))));
        Assert.That(everything, Does.Not.Contain(intent.ClientSecret), "bodies are not logged");
    }

    [Test]
    public async Task A_store_that_switched_traffic_logging_on_is_logged_and_another_is_not()
    {
        var client = Build(_ => { });
        _handler.ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse)
            .ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse);
        var logging = new WooshPayAccount(SecretKey, Account.UseTestEnvironment, Account.BaseUrlOverride,
            logTraffic: true);

        await client.GetPaymentIntentAsync(Account, "pi_quiet");
        await client.GetPaymentIntentAsync(logging, "pi_logged");

        var traffic = _logs.Lines.Where(l => l.Contains("WooshPayTrafficLoggingHandler")).ToList();
        Assert.That(traffic, Has.Count.EqualTo(1));
        Assert.That(traffic[0], Does.Contain("/v1/payment_intents/pi_logged"));
        Assert.That(_logs.AllText, Does.Not.Contain(SecretKey));
    }

    [Test]
    public void Registration_provides_the_client_the_verifier_and_rejects_bad_options()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWooshPayClient();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IWooshPayClient>(), Is.TypeOf<WooshPayClient>());
        Assert.That(provider.GetRequiredService<WebhookSignatureVerifier>(),
            Is.SameAs(provider.GetRequiredService<WebhookSignatureVerifier>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection()
            .AddWooshPayClient(o => o.MaxRetries = -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection()
            .AddWooshPayClient(o => o.AttemptTimeout = TimeSpan.Zero));
    }

    private IWooshPayClient Build(Action<WooshPayResilienceOptions> configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddWooshPayClient(o =>
            {
                o.BaseDelay = TimeSpan.FromMilliseconds(1);
                configure?.Invoke(o);
            })
            .ConfigurePrimaryHttpMessageHandler(() => _handler);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<IWooshPayClient>();
    }
}
