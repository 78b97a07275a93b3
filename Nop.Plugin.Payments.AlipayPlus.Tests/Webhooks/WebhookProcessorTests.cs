using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Webhooks;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using static Nop.Plugin.Payments.AlipayPlus.WooshPay.WebhookSignatureVerifier;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Webhooks;

[TestFixture]
public class WebhookProcessorTests
{
    private const string Secret = "whsec_shopworld";

    private Mock<IWooshPayClient> _client;
    private ShopWorld _world;
    private Order _order;
    private AlipayPlusPayment _payment;

    [SetUp]
    public void SetUp()
    {
        _client = SettlementKit.NewClient();
        _world = new ShopWorld(s => s.AddSingleton(_client.Object));
        _order = _world.PlaceOrder();
        _payment = _world.AddPayment(_order);
        _client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), "pi_1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded));
    }

    [TearDown]
    public void TearDown() => _world.Dispose();

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static byte[] SucceededEvent(string eventId = "evt_1", string intentId = "pi_1", bool livemode = false) =>
        SettlementKit.EventBody(eventId, "payment_intent.succeeded", livemode: livemode, objectJson: $$"""
            {"id":"{{intentId}}","object":"payment_intent","amount":78000,"currency":"hkd","status":"succeeded"}
            """);

    private Task<WebhookResult> DeliverAsync(byte[] body, string header, int storeId = 1) =>
        _world.Get<IWebhookProcessor>().ProcessAsync(storeId, body, header);

    private Task<WebhookResult> DeliverSignedAsync(byte[] body, int storeId = 1) =>
        DeliverAsync(body, GenerateSignatureHeader(body, Secret, Now), storeId);

    private void AssertNothingChanged()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_world.MarkedPaidCount(_order), Is.Zero);
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(_world.Notes, Is.Empty);
            Assert.That(_world.ProcessedEvents, Is.Empty);
            Assert.That(_world.Payments.Rows.Single().Status, Is.EqualTo(PaymentIntentStatus.RequiresAction));
        });
    }

    [Test]
    public async Task A_signed_event_settles_the_order_and_is_recorded_once()
    {
        var result = await DeliverSignedAsync(SucceededEvent());

        Assert.Multiple(() =>
        {
            Assert.That(result.StatusCode, Is.EqualTo(200), result.Message);
            Assert.That(_world.MarkedPaidCount(_order), Is.EqualTo(1));
            Assert.That(_world.ProcessedEvents,
                Is.EqualTo(new[] { ("evt_1", 1) }));
        });
    }

    [Test]
    public async Task A_duplicate_event_is_answered_200_without_calling_the_handler_again()
    {
        var body = SucceededEvent();
        await DeliverSignedAsync(body);

        var again = await DeliverSignedAsync(body);

        Assert.Multiple(() =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(200));
            Assert.That(again.Message, Does.Contain("already processed"));
            Assert.That(_client.CallsTo(nameof(IWooshPayClient.GetPaymentIntentAsync)), Is.EqualTo(1));
            Assert.That(_world.MarkedPaidCount(_order), Is.EqualTo(1));
            Assert.That(_world.ProcessedEvents, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task An_event_first_delivered_to_another_stores_url_is_still_applied_by_its_own_store()
    {
        // Two stores share one WooshPay account and each registered its webhook: store 2's delivery comes first.
        _world.SetStoreSettings(2, _world.Settings);
        var body = SucceededEvent("evt_shared");

        var elsewhere = await DeliverSignedAsync(body, storeId: 2);
        var own = await DeliverSignedAsync(body, storeId: 1);

        Assert.Multiple(() =>
        {
            Assert.That(elsewhere.StatusCode, Is.EqualTo(200), elsewhere.Message);
            Assert.That(elsewhere.Message, Does.Contain("belongs to store 1"));
            Assert.That(own.StatusCode, Is.EqualTo(200), own.Message);
            Assert.That(_world.MarkedPaidCount(_order), Is.EqualTo(1), "the right store's delivery is applied");
        });
    }

    [Test]
    public async Task A_store_id_that_does_not_exist_is_refused_and_the_shared_configurations_is_not()
    {
        _world.StoreService.Setup(s => s.GetStoreByIdAsync(99)).ReturnsAsync((Nop.Core.Domain.Stores.Store)null);
        var body = SucceededEvent();

        var unknown = await DeliverSignedAsync(body, storeId: 99);
        var shared = await DeliverSignedAsync(body, storeId: 0);

        Assert.That(unknown.StatusCode, Is.EqualTo(400));
        Assert.That(_world.LogLines, Has.Some.Contains("no such store"));
        Assert.That(shared.StatusCode, Is.EqualTo(200), shared.Message);
        Assert.That(_world.MarkedPaidCount(_order), Is.EqualTo(1));
    }

    [Test]
    public async Task Refused_deliveries_write_one_log_line_a_minute_per_store_with_a_count_of_the_rest()
    {
        for (var i = 0; i < 20; i++)
            await DeliverAsync(SucceededEvent(), "t=1,v1=forged");

        Assert.That(_world.LogLines.Count(l => l.Contains("webhook refused")), Is.EqualTo(1));
    }

    [Test]
    public void The_rejection_log_counts_what_it_left_out_and_logs_again_after_a_minute()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new WebhookRejectionLog(clock);

        var first = log.ShouldLog(1, out _);
        var quiet = Enumerable.Range(0, 5).Select(_ => log.ShouldLog(1, out _)).ToList();
        var otherStore = log.ShouldLog(2, out _);
        clock.Advance(WebhookRejectionLog.Window);
        var next = log.ShouldLog(1, out var leftOut);

        Assert.That(first, Is.True);
        Assert.That(quiet, Has.All.False);
        Assert.That(otherStore, Is.True, "each store has its own minute");
        Assert.That(next, Is.True);
        Assert.That(leftOut, Is.EqualTo(5));
    }

    private static IEnumerable<TestCaseData> BadSignatures()
    {
        yield return new TestCaseData((Func<byte[], string>)(_ => null)).SetName("Signature_header_missing");
        yield return new TestCaseData((Func<byte[], string>)(_ => "")).SetName("Signature_header_empty");
        yield return new TestCaseData((Func<byte[], string>)(_ => "garbage")).SetName("Signature_header_malformed");
        yield return new TestCaseData((Func<byte[], string>)(_ => $"t={Now},v1=zz")).SetName("Signature_v1_not_hex");
        yield return new TestCaseData((Func<byte[], string>)(body =>
            GenerateSignatureHeader(body, "whsec_someone_else", Now))).SetName("Signature_wrong_secret");
        yield return new TestCaseData((Func<byte[], string>)(body =>
            GenerateSignatureHeader(body, Secret, Now - 600))).SetName("Signature_stale");
        yield return new TestCaseData((Func<byte[], string>)(body =>
            GenerateSignatureHeader(body, Secret, Now + 600))).SetName("Signature_from_the_future");
        yield return new TestCaseData((Func<byte[], string>)(body =>
            GenerateSignatureHeader([.. body, .. " "u8], Secret, Now))).SetName("Signature_over_another_body");
    }

    [TestCaseSource(nameof(BadSignatures))]
    public async Task A_delivery_without_a_valid_signature_is_refused_and_changes_nothing(Func<byte[], string> header)
    {
        var body = SucceededEvent();

        var result = await DeliverAsync(body, header(body));

        Assert.That(result.StatusCode, Is.EqualTo(400), result.Message);
        Assert.That(_client.Invocations, Is.Empty);
        AssertNothingChanged();
    }

    [TestCase("this is not json")]
    [TestCase("""{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1""")]
    [TestCase("""{"object":"event","type":"payment_intent.succeeded"}""")]
    [TestCase("null")]
    [TestCase("")]
    public async Task A_signed_body_that_is_not_an_event_is_refused(string text)
    {
        var body = Encoding.UTF8.GetBytes(text);

        var result = await DeliverSignedAsync(body);

        Assert.That(result.StatusCode, Is.EqualTo(400), result.Message);
        Assert.That(_client.Invocations, Is.Empty);
        AssertNothingChanged();
    }

    [Test]
    public async Task A_live_event_for_a_test_key_is_refused()
    {
        var result = await DeliverSignedAsync(SucceededEvent(livemode: true));

        Assert.That(result.StatusCode, Is.EqualTo(400));
        Assert.That(result.Message, Does.Contain("live"));
        Assert.That(_client.Invocations, Is.Empty);
        AssertNothingChanged();
    }

    [Test]
    public async Task A_test_event_for_a_live_key_is_refused()
    {
        _world.Settings.SecretKey = "sk_live_shopworld";
        _world.Settings.UseTestEnvironment = false;

        var result = await DeliverSignedAsync(SucceededEvent(livemode: false));

        Assert.That(result.StatusCode, Is.EqualTo(400));
        AssertNothingChanged();
    }

    [Test]
    public async Task A_store_without_a_webhook_secret_refuses_every_delivery()
    {
        _world.Settings.WebhookSecret = null;

        var result = await DeliverSignedAsync(SucceededEvent());

        Assert.That(result.StatusCode, Is.EqualTo(400));
        AssertNothingChanged();
    }

    [Test]
    public async Task An_event_type_the_plugin_does_not_use_is_acknowledged()
    {
        var body = SettlementKit.EventBody("evt_2", "customer.created", """{"id":"cus_1","object":"customer"}""");

        var result = await DeliverSignedAsync(body);

        Assert.That(result.StatusCode, Is.EqualTo(200));
        Assert.That(result.Message, Does.Contain("customer.created"));
        Assert.That(_client.Invocations, Is.Empty);
        Assert.That(_world.MarkedPaidCount(_order), Is.Zero);
    }

    [Test]
    public async Task An_event_for_an_unknown_payment_intent_is_acknowledged_and_changes_nothing()
    {
        var result = await DeliverSignedAsync(SucceededEvent(intentId: "pi_not_ours"));

        Assert.That(result.StatusCode, Is.EqualTo(200));
        Assert.That(result.Message, Does.Contain("unknown payment intent"));
        Assert.That(_client.Invocations, Is.Empty);
        Assert.That(_world.MarkedPaidCount(_order), Is.Zero);
        Assert.That(_world.Notes, Is.Empty);
    }

    [Test]
    public async Task An_event_delivered_to_another_store_changes_nothing()
    {
        var result = await DeliverSignedAsync(SucceededEvent(), storeId: 2);

        Assert.That(result.StatusCode, Is.EqualTo(200));
        Assert.That(result.Message, Does.Contain("belongs to store 1"));
        Assert.That(_client.Invocations, Is.Empty);
        Assert.That(_world.MarkedPaidCount(_order), Is.Zero);
        Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
    }

    [Test]
    public async Task A_transient_WooshPay_error_asks_for_a_redelivery_and_the_redelivery_settles()
    {
        _client.SetupSequence(c =>
                c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), "pi_1", It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.GatewayError(503))
            .ReturnsAsync(SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded));
        var body = SucceededEvent();

        var first = await DeliverSignedAsync(body);

        Assert.That(first.StatusCode, Is.EqualTo(503));
        AssertNothingChanged();

        var redelivery = await DeliverSignedAsync(body);

        Assert.That(redelivery.StatusCode, Is.EqualTo(200));
        Assert.That(_world.MarkedPaidCount(_order), Is.EqualTo(1));
        Assert.That(_world.ProcessedEvents, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_timeout_reading_the_intent_asks_for_a_redelivery()
    {
        _client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), "pi_1", It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.TransientError());

        var result = await DeliverSignedAsync(SucceededEvent());

        Assert.That(result.StatusCode, Is.EqualTo(503));
        AssertNothingChanged();
    }

    [Test]
    public async Task A_rejected_secret_key_asks_for_a_redelivery()
    {
        _client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), "pi_1", It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.GatewayError(401, "Invalid API Key provided"));

        var result = await DeliverSignedAsync(SucceededEvent());

        Assert.That(result.StatusCode, Is.EqualTo(503));
        AssertNothingChanged();
    }

    [TestCase("payment_intent.succeeded", """{"object":"payment_intent","status":"succeeded"}""")]
    [TestCase("payment_intent.succeeded", "\"pi_1\"")]
    [TestCase("charge.refund.updated", """{"object":"refund","status":"succeeded"}""")]
    [TestCase("checkout.session.completed", "[]")]
    public async Task A_signed_event_whose_object_is_unreadable_is_refused_not_failed(string type, string objectJson)
    {
        var result = await DeliverSignedAsync(SettlementKit.EventBody("evt_bad", type, objectJson));

        Assert.That(result.StatusCode, Is.EqualTo(400), result.Message);
        Assert.That(_client.Invocations, Is.Empty);
        Assert.That(_world.LogLines, Has.None.StartsWith("error:"));
        AssertNothingChanged();
    }

    [Test]
    public async Task A_busy_order_asks_for_a_redelivery_and_is_not_recorded()
    {
        using var world = new ShopWorld(s =>
        {
            s.AddSingleton(_client.Object);
            s.AddScoped<IOrderPaymentLock, BusyOrderLock>();
        });
        var order = world.PlaceOrder();
        var payment = world.AddPayment(order);
        var body = SucceededEvent();

        var result = await world.Get<IWebhookProcessor>()
            .ProcessAsync(1, body, GenerateSignatureHeader(body, Secret, Now));

        Assert.That(result.StatusCode, Is.EqualTo(503));
        Assert.That(world.ProcessedEvents, Is.Empty);
        Assert.That(world.MarkedPaidCount(order), Is.Zero);
        Assert.That(payment.Status, Is.EqualTo(PaymentIntentStatus.RequiresAction));
    }

    [Test]
    public async Task An_unexpected_failure_answers_500_and_is_not_recorded()
    {
        _client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), "pi_1", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("database went away"));

        var result = await DeliverSignedAsync(SucceededEvent());

        Assert.That(result.StatusCode, Is.EqualTo(500));
        Assert.That(_world.LogLines, Has.Some.StartsWith("error:").And.Contain("database went away"));
        AssertNothingChanged();
    }

    [Test]
    public async Task A_non_transient_WooshPay_error_answers_500_and_is_not_recorded()
    {
        _client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), "pi_1", It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.GatewayError(404, "No such payment_intent"));

        var result = await DeliverSignedAsync(SucceededEvent());

        Assert.That(result.StatusCode, Is.EqualTo(500));
        AssertNothingChanged();
    }

    /// <summary>Another server holds the order for longer than the lock's wait budget.</summary>
    private sealed class BusyOrderLock : IOrderPaymentLock
    {
        public Task<T> RunAsync<T>(int orderId, Func<Task<T>> action) => throw new OrderBusyException(orderId);
    }
}
