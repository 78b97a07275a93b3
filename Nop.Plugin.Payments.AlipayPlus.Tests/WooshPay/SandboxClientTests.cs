using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using WooshPay.Sandbox;
using WooshPay.Sandbox.Faults;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.WooshPay;

/// <summary>
/// The client against the local WooshPay sandbox over real HTTP on 127.0.0.1: the whole payment,
/// webhook and refund path, idempotent replays, and retries under injected faults.
/// </summary>
[TestFixture]
[NonParallelizable]
public class SandboxClientTests
{
    private const string SecretKey = "sk_test_sandboxClientTests0000000001";
    private static readonly TimeSpan WebhookWait = TimeSpan.FromSeconds(15);

    private RunningSandbox _sandbox;
    private LocalWebhookListener _listener;
    private ServiceProvider _services;
    private IWooshPayClient _client;
    private WooshPayAccount _account;
    private HttpClient _browser;
    private readonly AttemptCounter _attempts = new();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            RefundSettleDelay = TimeSpan.FromMilliseconds(200),
            WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(100),
        });
        _listener = await LocalWebhookListener.StartAsync();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        // Faults draw from a seeded sequence, so enough retries make every call land; the
        // back-off is short because Retry-After (0 s below) drives the waits here.
        services.AddWooshPayClient(o =>
        {
            o.MaxRetries = 10;
            o.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.TotalTimeout = TimeSpan.FromSeconds(60);
        })
            // A fresh handler per chain (the factory rebuilds chains), all counting into one place.
            .AddHttpMessageHandler(() => new CountingHandler(_attempts));
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<IWooshPayClient>();
        _account = new WooshPayAccount(SecretKey, useTestEnvironment: true, _sandbox.BaseAddress.ToString());
        _browser = _sandbox.CreateHttpClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _browser?.Dispose();
        if (_services is not null)
            await _services.DisposeAsync();
        if (_listener is not null)
            await _listener.DisposeAsync();
        if (_sandbox is not null)
            await _sandbox.DisposeAsync();
    }

    [SetUp]
    public void ResetSandbox()
    {
        _sandbox.Faults.Replace(new FaultSettings());
        _sandbox.Reset();
    }

    [Test]
    public async Task Pay_through_the_cashier_and_receive_a_verified_succeeded_webhook()
    {
        var endpoint = await CreateEndpointAsync();
        Assert.That(endpoint.Secret, Is.Not.Null.And.Not.Empty, "the create answer carries the signing secret");

        var intent = await _client.CreatePaymentIntentAsync(_account, AlipayPlusIntent(12345, "HKD", "order-1001"),
            "pi:order-1001");

        Assert.That(intent.Status, Is.EqualTo(PaymentIntentStatus.RequiresAction));
        Assert.That(intent.Amount, Is.EqualTo(12345));
        Assert.That(intent.Currency, Is.EqualTo("HKD"));
        Assert.That(intent.RedirectUrl, Is.Not.Null);

        using (var page = await _browser.GetAsync(intent.RedirectUrl))
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "normalUrl opens the cashier");
            Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        }

        await AdminAsync($"_sandbox/payment_intents/{intent.Id}/pay", new { wallet = "AlipayHK" });

        var delivery = await _listener.WaitForAsync(d => d.Text.Contains(WebhookEventTypes.PaymentIntentSucceeded)
            && d.Text.Contains(intent.Id), WebhookWait);
        var verdict = new WebhookSignatureVerifier(TimeProvider.System).Verify(delivery.Body, delivery.SignatureHeader,
            endpoint.Secret, WebhookSignatureVerifier.DefaultTolerance);
        Assert.That(verdict.IsValid, Is.True, verdict.Reason);

        var evt = WebhookEventParser.Parse(delivery.Body);
        var paid = evt.GetDataObject<PaymentIntent>();
        Assert.That(evt.Type, Is.EqualTo(WebhookEventTypes.PaymentIntentSucceeded));
        Assert.That(paid.Id, Is.EqualTo(intent.Id));
        Assert.That(paid.Status, Is.EqualTo(PaymentIntentStatus.Succeeded));
        Assert.That(paid.Metadata["order_id"], Is.EqualTo("order-1001"));

        var wrongSecret = new WebhookSignatureVerifier(TimeProvider.System)
            .Verify(delivery.Body, delivery.SignatureHeader, "whsec_wrong", TimeSpan.FromMinutes(5));
        Assert.That(wrongSecret.Failure, Is.EqualTo(WebhookSignatureFailure.BadSignature));

        var polled = await _client.GetPaymentIntentAsync(_account, intent.Id);
        Assert.That(polled.Status, Is.EqualTo(PaymentIntentStatus.Succeeded), "polling agrees with the webhook");
    }

    [Test]
    public async Task Partial_then_full_refund_settle_and_are_listed()
    {
        var endpoint = await CreateEndpointAsync();
        var intent = await PaidIntentAsync(10000, "PHP", "order-2002");

        var partial = await _client.CreateRefundAsync(_account,
            new RefundCreateRequest { PaymentIntent = intent.Id, Amount = 2500,
                Reason = RefundReasons.RequestedByCustomer }, "refund:order-2002:1");
        var rest = await _client.CreateRefundAsync(_account,
            new RefundCreateRequest { PaymentIntent = intent.Id }, "refund:order-2002:2");

        Assert.That(partial.Amount, Is.EqualTo(2500));
        Assert.That(partial.Currency, Is.EqualTo("PHP"));
        Assert.That(rest.Amount, Is.EqualTo(7500), "no amount refunds what is left");
        Assert.That(new[] { partial.Status, rest.Status }, Is.All.AnyOf(RefundStatus.Pending, RefundStatus.Succeeded));

        var tooMuch = Assert.ThrowsAsync<WooshPayException>(() => _client.CreateRefundAsync(_account,
            new RefundCreateRequest { PaymentIntent = intent.Id, Amount = 1 }, "refund:order-2002:3"));
        Assert.That(tooMuch.HttpStatus, Is.InRange(400, 499));
        Assert.That(tooMuch.IsTransient, Is.False);
        Assert.That(tooMuch.RequestId, Does.StartWith("req_"));

        var settled = await PollAsync(() => _client.GetRefundAsync(_account, partial.Id),
            r => r.Status != RefundStatus.Pending);
        Assert.That(settled.Status, Is.EqualTo(RefundStatus.Succeeded));

        var refunds = await _client.ListRefundsAsync(_account, intent.Id, new ListOptions { Limit = 10 });
        Assert.That(refunds.Data.Select(r => r.Id), Is.EquivalentTo(new[] { partial.Id, rest.Id }));
        Assert.That(refunds.HasMore, Is.False);

        var update = await _listener.WaitForAsync(d => d.Text.Contains(WebhookEventTypes.ChargeRefundUpdated)
            && d.Text.Contains(partial.Id), WebhookWait);
        Assert.That(new WebhookSignatureVerifier().Verify(update.Body, update.SignatureHeader, endpoint.Secret).IsValid,
            Is.True);
        Assert.That(WebhookEventParser.Parse(update.Body).GetDataObject<Refund>().PaymentIntent, Is.EqualTo(intent.Id));
    }

    [Test]
    public async Task Same_idempotency_key_replays_the_first_answer()
    {
        var request = AlipayPlusIntent(5000, "MYR", "order-3003");

        var first = await _client.CreatePaymentIntentAsync(_account, request, "pi:order-3003");
        var second = await _client.CreatePaymentIntentAsync(_account, request, "pi:order-3003");

        Assert.That(second.Id, Is.EqualTo(first.Id));
        Assert.That(_sandbox.State.PaymentIntents.Count, Is.EqualTo(1));

        request.Amount = 5001;
        var reused = Assert.ThrowsAsync<WooshPayException>(
            () => _client.CreatePaymentIntentAsync(_account, request, "pi:order-3003"));
        Assert.That(reused.HttpStatus, Is.EqualTo(409));
        Assert.That(reused.IsIdempotencyError, Is.True);
        Assert.That(reused.IsTransient, Is.False);
    }

    [Test]
    public async Task Retries_under_injected_5xx_429_and_timeouts_create_exactly_one_object_per_call()
    {
        var paid = new List<PaymentIntent>();
        for (var i = 0; i < 3; i++)
            paid.Add(await PaidIntentAsync(2000, "THB", $"order-5{i}"));

        _sandbox.Faults.Replace(new FaultSettings
        {
            // Half of all attempts fail: 11 failures in a row (all retries spent) stays under 0.05 % per call
            // even if the sandbox's draw order changes and this seed stops meaning the sequence it means today.
            Fail5xxRate = 0.25,
            Fail429Rate = 0.2,
            RetryAfterSeconds = 0,
            TimeoutRate = 0.05,
            TimeoutMs = 300,
            Seed = 20240613,
        });

        _attempts.Reset();
        var created = new List<PaymentIntent>();
        for (var i = 0; i < 8; i++)
            created.Add(await _client.CreatePaymentIntentAsync(_account,
                AlipayPlusIntent(1000 + i, "HKD", $"order-6{i}"), $"pi:order-6{i}"));

        var refunds = new List<Refund>();
        foreach (var intent in paid)
            refunds.Add(await _client.CreateRefundAsync(_account,
                new RefundCreateRequest { PaymentIntent = intent.Id, Amount = 500 }, $"refund:{intent.Id}:1"));

        foreach (var intent in created)
            Assert.That((await _client.GetPaymentIntentAsync(_account, intent.Id)).Amount, Is.EqualTo(intent.Amount));

        _sandbox.Faults.Replace(new FaultSettings());
        Assert.That(_attempts.Failed, Is.GreaterThanOrEqualTo(5),
            $"faults were injected ({_attempts.Failed} of {_attempts.Total} attempts failed)");
        Assert.That(_attempts.Total, Is.GreaterThan(8 + 3 + 8));
        TestContext.Out.WriteLine($"{_attempts.Failed} of {_attempts.Total} attempts hit an injected fault");
        var state = _sandbox.State;
        Assert.That(state.PaymentIntents.Count, Is.EqualTo(3 + 8), "one intent per call, however often it was retried");
        Assert.That(created.Select(p => p.Id).Distinct().Count(), Is.EqualTo(8));
        Assert.That(state.Refunds.Count, Is.EqualTo(3), "one refund per call");
        foreach (var intent in paid)
        {
            var list = await _client.ListRefundsAsync(_account, intent.Id);
            Assert.That(list.Data.Sum(r => r.Amount), Is.EqualTo(500), $"{intent.Id} refunded once");
        }
    }

    [Test]
    public async Task Checkout_session_is_created_paid_and_another_expired()
    {
        var session = await _client.CreateCheckoutSessionAsync(_account, SessionRequest("order-4004"), "cs:order-4004");

        Assert.That(session.Status, Is.EqualTo(CheckoutSessionStatus.Open));
        Assert.That(session.PaymentStatus, Is.EqualTo(CheckoutSessionStatus.PaymentUnpaid));
        Assert.That(session.AmountTotal, Is.EqualTo(2 * 1500));
        Assert.That(session.ClientReferenceId, Is.EqualTo("order-4004"));
        Assert.That(session.LineItems?.Data, Is.Null.Or.Count.EqualTo(1));
        using (var page = await _browser.GetAsync(session.Url))
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the hosted page opens");

        await AdminAsync($"_sandbox/checkout/sessions/{session.Id}/pay", new { wallet = "AlipayHK" });
        var paid = await _client.GetCheckoutSessionAsync(_account, session.Id);
        Assert.That(paid.Status, Is.EqualTo(CheckoutSessionStatus.Complete));
        Assert.That(paid.PaymentStatus, Is.EqualTo(CheckoutSessionStatus.PaymentPaid));
        Assert.That((await _client.GetPaymentIntentAsync(_account, paid.PaymentIntent)).Status,
            Is.EqualTo(PaymentIntentStatus.Succeeded));

        var other = await _client.CreateCheckoutSessionAsync(_account, SessionRequest("order-4005"), "cs:order-4005");
        var expired = await _client.ExpireCheckoutSessionAsync(_account, other.Id, "cs-expire:order-4005");
        Assert.That(expired.Status, Is.EqualTo(CheckoutSessionStatus.Expired));
    }

    [Test]
    public async Task Cancel_webhook_endpoints_list_and_delete()
    {
        var intent = await _client.CreatePaymentIntentAsync(_account, AlipayPlusIntent(3000, "HKD", "order-7007"),
            "pi:order-7007");
        var canceled = await _client.CancelPaymentIntentAsync(_account, intent.Id, CancellationReasons.Abandoned,
            "cancel:order-7007");
        Assert.That(canceled.Status, Is.EqualTo(PaymentIntentStatus.Canceled));
        Assert.That(canceled.CancellationReason, Is.EqualTo(CancellationReasons.Abandoned));

        var endpoint = await CreateEndpointAsync();
        var listed = await _client.ListWebhookEndpointsAsync(_account);
        Assert.That(listed.Data.Select(e => e.Id), Does.Contain(endpoint.Id));
        Assert.That(listed.Data.Single(e => e.Id == endpoint.Id).Secret, Is.Null.Or.Not.Empty);

        var deleted = await _client.DeleteWebhookEndpointAsync(_account, endpoint.Id);
        Assert.That(deleted.Deleted, Is.True);
        Assert.That((await _client.ListWebhookEndpointsAsync(_account)).Data.Select(e => e.Id),
            Does.Not.Contain(endpoint.Id));

        var missing = Assert.ThrowsAsync<WooshPayException>(
            () => _client.GetPaymentIntentAsync(_account, "pi_does_not_exist"));
        Assert.That(missing.HttpStatus, Is.EqualTo(404));
    }

    [Test]
    public void A_key_the_sandbox_does_not_accept_is_an_authentication_error()
    {
        // A bare prefix is no key the sandbox accepts (a live key never reaches a sandbox: it goes to WooshPay's host).
        var refused = new WooshPayAccount("sk_test_", useTestEnvironment: true, _sandbox.BaseAddress.ToString());

        var ex = Assert.ThrowsAsync<WooshPayException>(() => _client.GetPaymentIntentAsync(refused, "pi_1"));

        Assert.That(ex.IsAuthenticationError, Is.True);
        Assert.That(ex.Message, Is.EqualTo(WooshPayException.AuthenticationFailedMessage));
    }

    private Task<WebhookEndpoint> CreateEndpointAsync() =>
        _client.CreateWebhookEndpointAsync(_account, new WebhookEndpointCreateRequest
        {
            Url = _listener.Url.ToString(),
            Description = "nopCommerce Alipay+ tests",
            EnabledEvents = new List<string>
            {
                WebhookEventTypes.PaymentIntentSucceeded, WebhookEventTypes.PaymentIntentPaymentFailed,
                WebhookEventTypes.PaymentIntentCanceled, WebhookEventTypes.ChargeRefundUpdated,
            },
        }, "webhook-endpoint:" + Guid.NewGuid());

    private async Task<PaymentIntent> PaidIntentAsync(long amount, string currency, string orderId)
    {
        var intent = await _client.CreatePaymentIntentAsync(_account, AlipayPlusIntent(amount, currency, orderId),
            "pi:" + orderId);
        await AdminAsync($"_sandbox/payment_intents/{intent.Id}/pay", new { });
        return await _client.GetPaymentIntentAsync(_account, intent.Id);
    }

    private static PaymentIntentCreateRequest AlipayPlusIntent(long amount, string currency, string orderId) => new()
    {
        Amount = amount,
        Currency = currency,
        Confirm = true,
        PaymentMethodOptions = new PaymentMethodOptions
        {
            AlipayPlus = new AlipayPlusPaymentMethodOptions { TerminalType = AlipayPlusValues.TerminalTypeWeb }
        },
        PaymentMethodData = new PaymentMethodData { Type = AlipayPlusValues.PaymentMethodType },
        ReturnUrl = "https://shop.example/alipayplus/return?order=" + orderId,
        Metadata = new Dictionary<string, string> { ["order_id"] = orderId },
        Description = "Order " + orderId,
    };

    private static CheckoutSessionCreateRequest SessionRequest(string orderId) => new()
    {
        Mode = AlipayPlusValues.CheckoutModePayment,
        SuccessUrl = "https://shop.example/alipayplus/success?order=" + orderId,
        CancelUrl = "https://shop.example/alipayplus/cancel?order=" + orderId,
        ClientReferenceId = orderId,
        PaymentMethodOptions = new PaymentMethodOptions
        {
            AlipayPlus = new AlipayPlusPaymentMethodOptions { TerminalType = AlipayPlusValues.TerminalTypeWeb }
        },
        PaymentIntentData =
            new PaymentIntentData { Metadata = new Dictionary<string, string> { ["order_id"] = orderId } },
        LineItems = new List<CheckoutSessionLineItem>
        {
            new()
            {
                PriceData = new PriceData { Currency = "HKD", UnitAmount = 1500,
                    ProductData = new ProductData { Name = "Pineapple cake" } },
                Quantity = 2,
            },
        },
    };

    private async Task AdminAsync(string path, object body)
    {
        using var response = await _browser.PostAsJsonAsync(path, body);
        Assert.That(response.IsSuccessStatusCode, Is.True,
            $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
                return value;
            await Task.Delay(100);
        }
    }

    /// <summary>Attempts seen inside the retry loop.</summary>
    private sealed class AttemptCounter
    {
        private int _total;
        private int _failed;

        public int Total => Volatile.Read(ref _total);

        public int Failed => Volatile.Read(ref _failed);

        public void Reset()
        {
            Interlocked.Exchange(ref _total, 0);
            Interlocked.Exchange(ref _failed, 0);
        }

        public void Count(bool failed)
        {
            Interlocked.Increment(ref _total);
            if (failed)
                Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>Added after the resilience handler, so it sits inside the retry loop and sees every attempt.</summary>
    private sealed class CountingHandler(AttemptCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                counter.Count((int)response.StatusCode is 429 or >= 500);
                return response;
            }
            catch
            {
                counter.Count(failed: true);
                throw;
            }
        }
    }
}
