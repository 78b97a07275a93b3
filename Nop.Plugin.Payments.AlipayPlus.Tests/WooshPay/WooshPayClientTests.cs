using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using WooshPay.Seed;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.WooshPay;

/// <summary>The client alone (no resilience pipeline) over an in-memory handler.</summary>
[TestFixture]
public class WooshPayClientTests
{
    private const string SecretKey = "sk_test_51HxAbCdEfGhIjKlMnOpQrStUv9876";
    private static readonly WooshPayAccount TestAccount = new(SecretKey, useTestEnvironment: true);

    private FakeHttpMessageHandler _handler;
    private CapturingLoggerProvider _logs;
    private WooshPayClient _client;

    [SetUp]
    public void SetUp()
    {
        _handler = new FakeHttpMessageHandler();
        _logs = new CapturingLoggerProvider();
        _client = new WooshPayClient(new HttpClient(_handler), _logs.CreateLogger<WooshPayClient>());
    }

    [Test]
    public async Task Sends_basic_auth_with_the_secret_key_and_an_empty_password()
    {
        _handler.ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse);

        await _client.GetPaymentIntentAsync(TestAccount, "pi_1");

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretKey + ":"));
        Assert.That(_handler.LastRequest.Authorization, Is.EqualTo(expected));
    }

    [Test]
    public async Task Each_call_uses_the_credentials_and_host_of_its_own_account()
    {
        _handler.ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse);
        var storeA = new WooshPayAccount("sk_test_storeA000000000000000000001", useTestEnvironment: true);
        var storeB = new WooshPayAccount("sk_live_storeB000000000000000000002", useTestEnvironment: false);

        await _client.GetPaymentIntentAsync(storeA, "pi_a");
        await _client.GetPaymentIntentAsync(storeB, "pi_b");

        Assert.That(_handler.Requests[0].Uri,
            Is.EqualTo(new Uri("https://apitest.wooshpay.com/v1/payment_intents/pi_a")));
        Assert.That(_handler.Requests[0].Authorization,
            Does.EndWith(Convert.ToBase64String(Encoding.UTF8.GetBytes("sk_test_storeA000000000000000000001:"))));
        Assert.That(_handler.Requests[1].Uri, Is.EqualTo(new Uri("https://api.wooshpay.com/v1/payment_intents/pi_b")));
        Assert.That(_handler.Requests[1].Authorization,
            Does.EndWith(Convert.ToBase64String(Encoding.UTF8.GetBytes("sk_live_storeB000000000000000000002:"))));
    }

    [TestCase(true, null, "https://apitest.wooshpay.com/v1/refunds/re_1")]
    [TestCase(false, null, "https://api.wooshpay.com/v1/refunds/re_1")]
    [TestCase(true, "http://127.0.0.1:5123", "http://127.0.0.1:5123/v1/refunds/re_1")]
    [TestCase(true, "https://proxy.example/wooshpay/", "https://proxy.example/wooshpay/v1/refunds/re_1")]
    [TestCase(true, "https://proxy.example/wooshpay", "https://proxy.example/wooshpay/v1/refunds/re_1")]
    // Outside the test environment the key goes to WooshPay's live host whatever the override says.
    [TestCase(false, "https://proxy.example/wooshpay/", "https://api.wooshpay.com/v1/refunds/re_1")]
    public async Task Base_url_comes_from_the_account(bool test, string overrideUrl, string expected)
    {
        _handler.ThenJson(HttpStatusCode.OK, SeedBodies.RefundResponse);

        await _client.GetRefundAsync(new WooshPayAccount(SecretKey, test, overrideUrl), "re_1");

        Assert.That(_handler.LastRequest.Uri, Is.EqualTo(new Uri(expected)));
    }

    [Test]
    public async Task Post_sends_the_idempotency_key_and_a_json_body()
    {
        _handler.ThenJson(HttpStatusCode.OK, SeedBodies.RefundResponse);

        var refund = await _client.CreateRefundAsync(TestAccount, new RefundCreateRequest { PaymentIntent = "pi_1" },
            "refund:order-42:1");

        Assert.That(refund.Id, Is.EqualTo("re_1575092157281206272"));
        Assert.That(_handler.LastRequest.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(_handler.LastRequest.Uri.AbsolutePath, Is.EqualTo("/v1/refunds"));
        Assert.That(_handler.LastRequest.IdempotencyKey, Is.EqualTo("refund:order-42:1"));
        Assert.That(_handler.LastRequest.ContentType, Is.EqualTo("application/json; charset=utf-8"));
    }

    [Test]
    public async Task Get_and_delete_send_no_idempotency_key()
    {
        _handler.ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse)
            .ThenJson(HttpStatusCode.OK, """{"id":"we_1","object":"webhook_endpoint","deleted":true}""");

        await _client.GetPaymentIntentAsync(TestAccount, "pi_1");
        var deleted = await _client.DeleteWebhookEndpointAsync(TestAccount, "we_1");

        Assert.That(_handler.Requests.Select(r => r.IdempotencyKey), Is.All.Null);
        Assert.That(_handler.LastRequest.Method, Is.EqualTo(HttpMethod.Delete));
        Assert.That(_handler.LastRequest.Uri.AbsolutePath, Is.EqualTo("/v1/webhook_endpoints/we_1"));
        Assert.That(deleted.Deleted, Is.True);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Every_post_requires_an_idempotency_key(string key)
    {
        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ArgumentException>(() => _client.CreatePaymentIntentAsync(TestAccount,
                new PaymentIntentCreateRequest { Amount = 1, Currency = "HKD" }, key));
            Assert.ThrowsAsync<ArgumentException>(
                () => _client.CancelPaymentIntentAsync(TestAccount, "pi_1", CancellationReasons.Abandoned, key));
            Assert.ThrowsAsync<ArgumentException>(
                () => _client.CreateRefundAsync(TestAccount, new RefundCreateRequest { PaymentIntent = "pi_1" }, key));
            Assert.ThrowsAsync<ArgumentException>(
                () => _client.CreateCheckoutSessionAsync(TestAccount, new CheckoutSessionCreateRequest(), key));
            Assert.ThrowsAsync<ArgumentException>(() => _client.ExpireCheckoutSessionAsync(TestAccount, "cs_1", key));
            Assert.ThrowsAsync<ArgumentException>(
                () => _client.CreateWebhookEndpointAsync(TestAccount, new WebhookEndpointCreateRequest(), key));
        });
        Assert.That(_handler.Attempts, Is.Zero, "nothing reaches the wire without a key");
    }

    [Test]
    public async Task Each_endpoint_uses_its_documented_method_and_path()
    {
        _handler
            .ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse)
            .ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse)
            .ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse)
            .ThenJson(HttpStatusCode.OK, SeedBodies.RefundResponse)
            .ThenJson(HttpStatusCode.OK, SeedBodies.RefundResponse)
            .ThenJson(HttpStatusCode.OK, """{"object":"list","url":"/v1/refunds","has_more":false,"data":[]}""")
            .ThenJson(HttpStatusCode.OK, SeedBodies.CheckoutSessionResponse)
            .ThenJson(HttpStatusCode.OK, SeedBodies.CheckoutSessionResponse)
            .ThenJson(HttpStatusCode.OK, SeedBodies.CheckoutSessionResponse)
            .ThenJson(HttpStatusCode.OK, SeedBodies.WebhookEndpointResponse)
            .ThenJson(HttpStatusCode.OK,
                "{\"object\":\"list\",\"url\":\"/v1/webhook_endpoints\",\"has_more\":true,\"data\":[" +
                SeedBodies.WebhookEndpointResponse + "]}")
            .ThenJson(HttpStatusCode.OK, """{"id":"we_1","object":"webhook_endpoint","deleted":true}""");

        await _client.CreatePaymentIntentAsync(TestAccount,
            new PaymentIntentCreateRequest { Amount = 1, Currency = "HKD" }, "k1");
        await _client.GetPaymentIntentAsync(TestAccount, "pi_1");
        await _client.CancelPaymentIntentAsync(TestAccount, "pi_1", CancellationReasons.Abandoned, "k2");
        await _client.CreateRefundAsync(TestAccount, new RefundCreateRequest { PaymentIntent = "pi_1" }, "k3");
        await _client.GetRefundAsync(TestAccount, "re_1");
        await _client.ListRefundsAsync(TestAccount, "pi_1", new ListOptions { Limit = 100, StartingAfter = "re_0" });
        await _client.CreateCheckoutSessionAsync(TestAccount, new CheckoutSessionCreateRequest { Mode = "payment" },
            "k4");
        await _client.GetCheckoutSessionAsync(TestAccount, "cs_1");
        await _client.ExpireCheckoutSessionAsync(TestAccount, "cs_1", "k5");
        await _client.CreateWebhookEndpointAsync(TestAccount,
            new WebhookEndpointCreateRequest { Url = "https://shop/x" }, "k6");
        var endpoints = await _client.ListWebhookEndpointsAsync(TestAccount, new ListOptions { EndingBefore = "we_9" });
        await _client.DeleteWebhookEndpointAsync(TestAccount, "we_1");

        var calls = _handler.Requests.Select(r => $"{r.Method} {r.Uri.PathAndQuery}").ToList();
        Assert.That(calls, Is.EqualTo(new[]
        {
            "POST /v1/payment_intents",
            "GET /v1/payment_intents/pi_1",
            "POST /v1/payment_intents/pi_1/cancel",
            "POST /v1/refunds",
            "GET /v1/refunds/re_1",
            "GET /v1/refunds?payment_intent=pi_1&limit=100&starting_after=re_0",
            "POST /v1/checkout/sessions",
            "GET /v1/checkout/sessions/cs_1",
            "POST /v1/checkout/sessions/cs_1/expire",
            "POST /v1/webhook_endpoints",
            "GET /v1/webhook_endpoints?ending_before=we_9",
            "DELETE /v1/webhook_endpoints/we_1",
        }));
        Assert.That(_handler.Requests[2].Body, Is.EqualTo("""{"cancellation_reason":"abandoned"}"""));
        Assert.That(_handler.Requests[8].Body, Is.EqualTo("{}"));
        Assert.That(endpoints.HasMore, Is.True);
        Assert.That(endpoints.Data.Single().Id, Is.EqualTo("we_1575093135514533888"));
    }

    [Test]
    public async Task Ids_are_escaped_in_the_path()
    {
        _handler.ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse);

        await _client.GetPaymentIntentAsync(TestAccount, "pi_1/../../v1/refunds");

        Assert.That(_handler.LastRequest.Uri.AbsolutePath,
            Is.EqualTo("/v1/payment_intents/pi_1%2F..%2F..%2Fv1%2Frefunds"));
    }

    [Test]
    public void Argument_checks_fail_before_anything_is_sent()
    {
        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ArgumentNullException>(() => _client.GetPaymentIntentAsync(null, "pi_1"));
            Assert.ThrowsAsync<ArgumentException>(() => _client.GetPaymentIntentAsync(TestAccount, " "));
            Assert.ThrowsAsync<ArgumentException>(() => _client.CancelPaymentIntentAsync(TestAccount, "pi_1", "", "k"));
            Assert.ThrowsAsync<ArgumentException>(
                () => _client.CreateRefundAsync(TestAccount, new RefundCreateRequest(), "k"));
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.CreateRefundAsync(TestAccount,
                new RefundCreateRequest { PaymentIntent = "pi_1", Amount = 0 }, "k"));
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(
                () => _client.ListRefundsAsync(TestAccount, null, new ListOptions { Limit = 101 }));
        });
        Assert.That(_handler.Attempts, Is.Zero);
    }

    [TestCase(HttpStatusCode.BadRequest, "invalid_request_error", "parameter_missing", false)]
    [TestCase(HttpStatusCode.PaymentRequired, "card_error", "wallet_declined", false)]
    [TestCase(HttpStatusCode.Forbidden, "invalid_request_error", "forbidden", false)]
    [TestCase(HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", false)]
    [TestCase(HttpStatusCode.Conflict, "idempotency_error", "idempotency_key_in_use", false)]
    [TestCase(HttpStatusCode.TooManyRequests, "api_error", "rate_limit", true)]
    [TestCase(HttpStatusCode.InternalServerError, "api_error", null, true)]
    public void Error_answers_become_a_WooshPayException_with_every_detail(HttpStatusCode status, string type,
        string code, bool transient)
    {
        var codeJson = code is null ? "" : $",\"code\":\"{code}\"";
        _handler.ThenJson(status,
            $$$"""{"error":{"type":"{{{type}}}"{{{codeJson}}},"message":"Something about amount.","param":"amount"}}""",
            r => r.Headers.Add("Request-Id", "req_abc123"));

        var ex = Assert.ThrowsAsync<WooshPayException>(() =>
            _client.CreateRefundAsync(TestAccount, new RefundCreateRequest { PaymentIntent = "pi_1", Amount = 5 },
                "refund-1"));

        Assert.Multiple(() =>
        {
            Assert.That(ex.HttpStatus, Is.EqualTo((int)status));
            Assert.That(ex.ErrorType, Is.EqualTo(type));
            Assert.That(ex.Code, Is.EqualTo(code));
            Assert.That(ex.Param, Is.EqualTo("amount"));
            Assert.That(ex.GatewayMessage, Is.EqualTo("Something about amount."));
            Assert.That(ex.RequestId, Is.EqualTo("req_abc123"));
            Assert.That(ex.IsTransient, Is.EqualTo(transient));
            Assert.That(ex.IsAuthenticationError, Is.False);
            Assert.That(ex.IsIdempotencyError, Is.EqualTo(type == "idempotency_error"));
            Assert.That(ex.Message,
                Does.Contain("Something about amount.").And.Contain("req_abc123").And.Contain(((int)status).ToString())
                    .And.Contain("/v1/refunds"));
        });
    }

    [Test]
    public void Unauthorized_is_explained_in_plain_words()
    {
        _handler.ThenJson(HttpStatusCode.Unauthorized,
            $$$"""{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: {{{SecretKey}}}"}}""",
            r => r.Headers.Add("Request-Id", "req_401"));

        var ex = Assert.ThrowsAsync<WooshPayException>(() => _client.GetPaymentIntentAsync(TestAccount, "pi_1"));

        Assert.That(ex.Message,
            Is.EqualTo("WooshPay rejected the secret key: it is wrong, revoked, or for the other mode (test/live)."));
        Assert.That(ex.IsAuthenticationError, Is.True);
        Assert.That(ex.IsTransient, Is.False);
        Assert.That(ex.HttpStatus, Is.EqualTo(401));
        Assert.That(ex.RequestId, Is.EqualTo("req_401"));
        Assert.That(ex.GatewayMessage, Does.Not.Contain(SecretKey), "a key echoed by the gateway is masked");
        Assert.That(ex.GatewayMessage, Does.Contain("sk_test_…9876"));
    }

    [Test]
    public void Unwrapped_error_object_is_read_too()
    {
        _handler.ThenJson(HttpStatusCode.BadRequest,
            """{"type":"invalid_request_error","code":"amount_too_small","message":"Amount too small"}""");

        var ex = Assert.ThrowsAsync<WooshPayException>(() => _client.GetRefundAsync(TestAccount, "re_1"));

        Assert.That(ex.Code, Is.EqualTo("amount_too_small"));
        Assert.That(ex.GatewayMessage, Is.EqualTo("Amount too small"));
    }

    [Test]
    public void Error_with_a_non_json_body_says_so()
    {
        _handler.ThenText(HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>");

        var ex = Assert.ThrowsAsync<WooshPayException>(() => _client.GetRefundAsync(TestAccount, "re_1"));

        Assert.That(ex.HttpStatus, Is.EqualTo(502));
        Assert.That(ex.IsTransient, Is.True);
        Assert.That(ex.ErrorType, Is.Null);
        Assert.That(ex.Message, Does.Contain("not a WooshPay error").And.Contain("text/html"));
    }

    [TestCase("<html>maintenance</html>")]
    [TestCase("")]
    [TestCase("null")]
    [TestCase("[1,2]")]
    [TestCase("{\"id\":\"pi_1\",\"status\":\"succeeded\",\"amount\":{\"value\":1}}")]
    public void Success_with_an_unreadable_body_is_a_WooshPayException_not_a_JsonException(string body)
    {
        _handler.ThenText(HttpStatusCode.OK, body, "application/json");

        var ex = Assert.ThrowsAsync<WooshPayException>(() => _client.GetPaymentIntentAsync(TestAccount, "pi_1"));

        Assert.That(ex.HttpStatus, Is.EqualTo(200));
        Assert.That(ex.Message, Does.Contain("/v1/payment_intents/pi_1"));
    }

    [TestCase("""{"object":"payment_intent","status":"succeeded","amount":200}""", "'id'")]
    [TestCase("""{"id":"pi_1","object":"payment_intent","amount":200}""", "'status'")]
    [TestCase("""{"id":"","status":"succeeded"}""", "'id'")]
    public void PaymentIntent_without_required_fields_is_rejected(string body, string missing)
    {
        _handler.ThenJson(HttpStatusCode.OK, body, r => r.Headers.Add("Request-Id", "req_m"));

        var ex = Assert.ThrowsAsync<WooshPayException>(() => _client.GetPaymentIntentAsync(TestAccount, "pi_1"));

        Assert.That(ex.Message, Does.Contain(missing));
        Assert.That(ex.RequestId, Is.EqualTo("req_m"));
    }

    [Test]
    public void Refund_without_status_and_list_item_without_id_are_rejected()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"id":"re_1","amount":5}""")
            .ThenJson(HttpStatusCode.OK,
                """{"object":"list","has_more":false,"data":[{"id":"re_1","status":"pending"},{"status":"pending"}]}""")
            .ThenJson(HttpStatusCode.OK, """{"object":"list","has_more":false}""");

        Assert.That(Assert.ThrowsAsync<WooshPayException>(() => _client.GetRefundAsync(TestAccount, "re_1")).Message,
            Does.Contain("'status'"));
        Assert.That(Assert.ThrowsAsync<WooshPayException>(() => _client.ListRefundsAsync(TestAccount, "pi_1")).Message,
            Does.Contain("'data[1].id'"));
        Assert.That(Assert.ThrowsAsync<WooshPayException>(() => _client.ListRefundsAsync(TestAccount, "pi_1")).Message,
            Does.Contain("'data'"));
    }

    [Test]
    public void Transport_failure_is_transient()
    {
        _handler.ThenThrow(new HttpRequestException("Connection refused (apitest.wooshpay.com:443)"));

        var ex = Assert.ThrowsAsync<WooshPayException>(() => _client.GetPaymentIntentAsync(TestAccount, "pi_1"));

        Assert.That(ex.IsTransient, Is.True);
        Assert.That(ex.HttpStatus, Is.Zero);
        Assert.That(ex.InnerException, Is.TypeOf<HttpRequestException>());
    }

    [Test]
    public void HttpClient_timeout_is_transient_not_a_cancellation()
    {
        _handler.ThenHang();
        var client = new WooshPayClient(new HttpClient(_handler) { Timeout = TimeSpan.FromMilliseconds(50) },
            NullLogger<WooshPayClient>.Instance);

        var ex = Assert.ThrowsAsync<WooshPayException>(() => client.GetPaymentIntentAsync(TestAccount, "pi_1"));

        Assert.That(ex.IsTransient, Is.True);
        Assert.That(ex.Message, Does.Contain("timed out"));
    }

    [Test]
    public void Caller_cancellation_surfaces_as_OperationCanceledException()
    {
        _handler.ThenHang();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        Assert.CatchAsync<OperationCanceledException>(
            () => _client.GetPaymentIntentAsync(TestAccount, "pi_1", cts.Token));
    }

    [Test]
    public void An_already_cancelled_token_sends_nothing()
    {
        _handler.ThenJson(HttpStatusCode.OK, SeedBodies.PaymentIntentResponse);

        Assert.CatchAsync<OperationCanceledException>(() =>
            _client.CreatePaymentIntentAsync(TestAccount, new PaymentIntentCreateRequest { Amount = 1 }, "k",
                new CancellationToken(true)));
        Assert.That(_handler.Attempts, Is.Zero);
    }

    [Test]
    public async Task Secrets_never_reach_exception_messages_or_logs()
    {
        const string endpointSecret = "whsec_ZmFrZV9zaWduaW5nX3NlY3JldF9mb3JfdGVzdHM";
        _handler
            .ThenJson(HttpStatusCode.Unauthorized, """{"error":""" +
                $$$"""{"type":"invalid_request_error","message":"Invalid API Key provided: {{{SecretKey}}}"}}""")
            .ThenJson(HttpStatusCode.BadRequest,
                $$$"""{"error":{"type":"invalid_request_error","message":"Key {{{SecretKey}}} cannot """ +
                """do that","param":"amount"}}""")
            .ThenJson(HttpStatusCode.InternalServerError, "{}")
            .ThenThrow(new HttpRequestException("Connection reset"))
            .ThenJson(HttpStatusCode.OK,
                SeedBodies.WebhookEndpointResponse.Replace("\"livemode\"",
                    $"\"secret\":\"{endpointSecret}\",\"livemode\""));

        var messages = new List<string>();
        foreach (var call in new Func<Task>[]
                 {
                     () => _client.GetPaymentIntentAsync(TestAccount, "pi_1"),
                     () => _client.CreateRefundAsync(TestAccount, new RefundCreateRequest { PaymentIntent = "pi_1" },
                         "r1"),
                     () => _client.GetRefundAsync(TestAccount, "re_1"),
                     () => _client.GetRefundAsync(TestAccount, "re_1"),
                 })
        {
            var ex = Assert.CatchAsync<WooshPayException>(() => call());
            messages.Add(ex.ToString());
        }

        var endpoint = await _client.CreateWebhookEndpointAsync(TestAccount,
            new WebhookEndpointCreateRequest { Url = "https://shop/wh" }, "we-1");

        Assert.That(endpoint.Secret, Is.EqualTo(endpointSecret));
        var everything = string.Join("\n", messages) + "\n" + _logs.AllText + "\n" + TestAccount + "\n" + endpoint;
        Assert.That(_logs.Lines, Is.Not.Empty, "failures are logged");
        Assert.That(everything, Does.Not.Contain(SecretKey));
        Assert.That(everything, Does.Not.Contain(SecretKey[8..]), "not even the key without its prefix");
        Assert.That(everything, Does.Not.Contain(endpointSecret));
        Assert.That(everything, Does.Not.Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretKey + ":"))),
            "nor the Authorization value");
    }

    [Test]
    public void Failures_are_logged_as_warnings_with_status_and_request_id()
    {
        var logger = new Mock<ILogger<WooshPayClient>>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        // Matched while logging: the generated logger reuses its state object once the call returns.
        logger.Setup(l => l.Log(
                LogLevel.Warning,
                It.IsAny<EventId>(),
                It.Is<It.IsAnyType>((state, _) => HasValue(state, "StatusCode", 404)
                    && HasValue(state, "RequestId", "req_404") && HasValue(state, "ErrorCode", "resource_missing")),
                null,
                It.IsAny<Func<It.IsAnyType, Exception, string>>()))
            .Verifiable(Times.Once);
        var client = new WooshPayClient(new HttpClient(_handler), logger.Object);
        _handler.ThenJson(HttpStatusCode.NotFound,
            """{"error":""" +
            """{"type":"invalid_request_error","code":"resource_missing","message":"No such payment_intent"}}""",
            r => r.Headers.Add("Request-Id", "req_404"));

        Assert.ThrowsAsync<WooshPayException>(() => client.GetPaymentIntentAsync(TestAccount, "pi_x"));

        logger.Verify();
    }

    private static bool HasValue(object state, string key, object value) =>
        state is IEnumerable<KeyValuePair<string, object>> values
        && values.Any(kv => kv.Key == key && Equals(kv.Value, value));
}
