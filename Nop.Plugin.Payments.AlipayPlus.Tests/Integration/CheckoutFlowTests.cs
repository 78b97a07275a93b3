using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Moq;
using NUnit.Framework;
using Nop.Core;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Orders;
using WooshPay.Sandbox;
using WooshPay.Sandbox.Faults;
using static Nop.Plugin.Payments.AlipayPlus.WooshPay.WebhookSignatureVerifier;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Integration;

/// <summary>
/// The checkout end to end: the plugin's real services and WooshPay client talk over HTTP to the local WooshPay
/// sandbox, the shopper clicks on the sandbox's hosted pages, and the sandbox's signed webhooks reach the plugin's
/// webhook processor through a local endpoint. nopCommerce's order services are ShopWorld's in-memory mocks.
/// Each test has its own secret key (its own WooshPay account); faults are global, so the fixture runs serially.
/// </summary>
[TestFixture]
[NonParallelizable]
public class CheckoutFlowTests
{
    private const int StoreId = 1;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    // 100.00 USD at 7.8 HKD/USD, charged in the shopper's HKD.
    private const decimal OrderTotal = 100m;
    private const decimal HkdRate = 7.8m;
    private const long ChargedMinor = 78000;

    private static readonly List<string> EnabledEvents =
    [
        WebhookEventTypes.PaymentIntentCreated, WebhookEventTypes.PaymentIntentRequiresAction,
        WebhookEventTypes.PaymentIntentSucceeded, WebhookEventTypes.PaymentIntentPaymentFailed,
        WebhookEventTypes.PaymentIntentCanceled, WebhookEventTypes.ChargeRefundUpdated,
        WebhookEventTypes.CheckoutSessionCompleted, WebhookEventTypes.CheckoutSessionExpired
    ];

    private RunningSandbox _sandbox;
    private ShopWorld _world;
    private PluginWebhookReceiver _receiver;
    private SandboxDriver _driver;
    private string _endpointSecret;

    [OneTimeSetUp]
    public async Task StartSandboxAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(50),
            RefundSettleDelay = TimeSpan.FromMilliseconds(200)
        });
    }

    [OneTimeTearDown]
    public async Task StopSandboxAsync()
    {
        if (_sandbox is not null)
            await _sandbox.DisposeAsync();
    }

    [SetUp]
    public async Task OpenShopAsync()
    {
        _sandbox.Faults.Replace(new FaultSettings());
        _world = ShopWorld.ConnectedTo(_sandbox);
        _world.Settings.WebhookSecret = null;
        _receiver = await PluginWebhookReceiver.StartAsync(_world.Provider);
        _driver = new SandboxDriver(_sandbox, _world.Settings.SecretKey);
    }

    [TearDown]
    public async Task CloseShopAsync()
    {
        _sandbox.Faults.Replace(new FaultSettings());
        _driver?.Dispose();
        if (_receiver is not null)
            await _receiver.DisposeAsync();
        _world?.Dispose();
    }

    // 1 ------------------------------------------------------------------------------------------------------

    [TestCase(PaymentFlow.PaymentIntent)]
    [TestCase(PaymentFlow.CheckoutSession)]
    public async Task Paying_on_the_wallet_page_settles_the_order_once_by_webhook_and_the_return_confirms_it(
        PaymentFlow flow)
    {
        await ConfigureAsync(flow);
        var order = PlaceOrder();

        var start = await StartAsync(order);

        Assert.That(start.Succeeded, Is.True, start.Error);
        Assert.That(start.RedirectUrl, Does.StartWith(_sandbox.BaseAddress.ToString()),
            "the shopper is sent to WooshPay's page");
        var attempt = PaymentsOf(order).Single();
        Assert.Multiple(() =>
        {
            Assert.That(attempt.Attempt, Is.EqualTo(1));
            Assert.That(attempt.Flow, Is.EqualTo(flow));
            Assert.That(attempt.Currency, Is.EqualTo("HKD"));
            Assert.That(attempt.AmountMinor, Is.EqualTo(ChargedMinor));
            Assert.That(attempt.RedirectUrl, Is.EqualTo(start.RedirectUrl));
            Assert.That(attempt.PaymentIntentId, Does.StartWith("pi_"));
            Assert.That(attempt.CheckoutSessionId,
                flow == PaymentFlow.CheckoutSession ? Does.StartWith("cs_") : Is.Null);
            Assert.That(NotesOf(order), Has.One.Contains("created:").And.Contains(attempt.PaymentIntentId)
                .And.Contains("HKD, attempt 1"));
        });
        var atWooshPay = (await _driver.IntentsOfAsync(order.OrderGuid)).Single();
        Assert.That((long)atWooshPay["amount"], Is.EqualTo(ChargedMinor));
        Assert.That((string)atWooshPay["currency"], Is.EqualTo("HKD"));

        var backTo = await _driver.ClickAsync(start.RedirectUrl, "pay", "AlipayHK");

        Assert.That(backTo, Does.StartWith(ReturnUrl(order)),
            "the wallet sends the shopper to the store's return page");
        await WaitUntilPaidAsync(order);
        await SettleDeliveriesAsync(order);
        AssertPaidOnce(order);
        Assert.That(order.CaptureTransactionId, Is.EqualTo(attempt.PaymentIntentId));
        Assert.That(PaymentsOf(order).Single().LastEventType,
            Does.StartWith("payment_intent.").Or.StartWith("checkout.session."),
            "the webhook settled it, before the shopper came back");
        AssertOneRowPerDeliveredEvent(await _driver.DeliveriesAsync(ObjectIdsOf(order)));

        Assert.That(await ReturnAsync(order), Is.EqualTo(PaymentReturnState.Completed));
        var again = await StartAsync(order);
        Assert.That(again.SendToReturnPage, Is.True,
            "a retry from an old tab shows the paid order instead of a new payment page");
        Assert.That(again.RedirectUrl, Is.Null);
        Assert.That(PaymentsOf(order), Has.Count.EqualTo(1));
        AssertPaidOnce(order);
    }

    // 2 ------------------------------------------------------------------------------------------------------

    [TestCase(PaymentFlow.PaymentIntent)]
    [TestCase(PaymentFlow.CheckoutSession)]
    public async Task The_shoppers_return_settles_the_order_when_the_webhook_is_lost_and_a_late_resend_changes_nothing(
        PaymentFlow flow)
    {
        await ConfigureAsync(flow);
        await _driver.SetFaultsAsync(new { webhook_drop_rate = 1.0 });
        var order = PlaceOrder();
        var start = await StartAsync(order);

        await _driver.ClickAsync(start.RedirectUrl, "pay");

        var dropped = await SettleDeliveriesAsync(order);
        Assert.That(dropped.Select(d => (string)d["state"]), Is.All.EqualTo("dropped"), "no webhook reached the store");
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
        Assert.That(_receiver.Deliveries, Is.Empty);

        Assert.That(await ReturnAsync(order), Is.EqualTo(PaymentReturnState.Completed),
            "the return asks WooshPay and settles");
        AssertPaidOnce(order);
        Assert.That(NotesOf(order), Has.One.Contains("(return)"), "the paid note names the return as its source");

        await _driver.SetFaultsAsync(new { });
        var attempt = PaymentsOf(order).Single();
        var late = new List<string>
        {
            await _driver.EventIdAsync(attempt.PaymentIntentId, WebhookEventTypes.PaymentIntentSucceeded)
        };
        if (flow == PaymentFlow.CheckoutSession)
            late.Add(await _driver.EventIdAsync(attempt.CheckoutSessionId, WebhookEventTypes.CheckoutSessionCompleted));
        foreach (var eventId in late)
            await _driver.AdminPostAsync($"_sandbox/events/{eventId}/resend");

        var resent = await SettleDeliveriesAsync(order);
        foreach (var eventId in late)
        {
            Assert.That(resent.Where(d => (string)d["event_id"] == eventId).Select(d => (int?)d["last_status_code"]),
                Has.Some.EqualTo(200),
                $"the late {eventId} is acknowledged");
            Assert.That(_world.ProcessedEvents.Count(e => e.EventId == eventId), Is.EqualTo(1), "and recorded once");
        }

        Assert.That(_receiver.Deliveries.Select(r => r.Result.Message), Has.All.Contains("AlreadyPaid"));
        AssertPaidOnce(order);
        Assert.That(await ReturnAsync(order), Is.EqualTo(PaymentReturnState.Completed));
    }

    // 3 ------------------------------------------------------------------------------------------------------

    [TestCase(PaymentFlow.PaymentIntent)]
    [TestCase(PaymentFlow.CheckoutSession)]
    public async Task Duplicated_reordered_and_concurrently_resent_events_pay_once_and_are_recorded_once_each(
        PaymentFlow flow)
    {
        await ConfigureAsync(flow);
        await _driver.SetFaultsAsync(new { webhook_duplicate_rate = 1.0, webhook_reorder_rate = 1.0, seed = 7 });
        var order = PlaceOrder();
        var start = await StartAsync(order);

        await _driver.ClickAsync(start.RedirectUrl, "pay");

        await WaitUntilPaidAsync(order);
        var deliveries = await SettleDeliveriesAsync(order);
        Assert.That(deliveries.Select(d => (bool)d["duplicated"]), Is.All.True);
        Assert.That(deliveries.Select(d => (bool)d["reordered"]), Has.Some.True);
        foreach (var eventId in deliveries.Select(d => (string)d["event_id"]))
            Assert.That(_receiver.Deliveries.Count(r => EventIdOf(r.Body) == eventId), Is.GreaterThanOrEqualTo(2),
                $"{eventId} arrived twice");
        AssertPaidOnce(order);
        AssertOneRowPerDeliveredEvent(deliveries);

        // A burst of re-sends of the success event, all in flight at once.
        await _driver.SetFaultsAsync(new { });
        var succeeded = await _driver.EventIdAsync(PaymentsOf(order).Single().PaymentIntentId,
            WebhookEventTypes.PaymentIntentSucceeded);
        await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => _driver.AdminPostAsync($"_sandbox/events/{succeeded}/resend")));
        deliveries = await SettleDeliveriesAsync(order);

        Assert.That(deliveries.Where(d => (string)d["event_id"] == succeeded).Select(d => (string)d["state"]),
            Is.All.EqualTo("delivered"));
        Assert.That(_receiver.Deliveries.Count(r => EventIdOf(r.Body) == succeeded), Is.GreaterThanOrEqualTo(7));
        AssertPaidOnce(order);
        AssertOneRowPerDeliveredEvent(deliveries);
        Assert.That(PaymentsOf(order), Has.Count.EqualTo(1));
    }

    // 4 ------------------------------------------------------------------------------------------------------

    [TestCase(PaymentFlow.PaymentIntent)]
    [TestCase(PaymentFlow.CheckoutSession)]
    public async Task Forged_stale_or_altered_deliveries_are_refused_and_change_nothing(PaymentFlow flow)
    {
        await ConfigureAsync(flow);
        await _driver.SetFaultsAsync(new { webhook_drop_rate = 1.0 });
        var order = PlaceOrder();
        var start = await StartAsync(order);
        await _driver.ClickAsync(start.RedirectUrl, "pay");
        await SettleDeliveriesAsync(order);
        var attempt = PaymentsOf(order).Single();
        var statusBefore = attempt.Status;
        var eventId = await _driver.EventIdAsync(attempt.PaymentIntentId, WebhookEventTypes.PaymentIntentSucceeded);
        var body = await _driver.GetEventBytesAsync(eventId);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var text = Encoding.UTF8.GetString(body);
        var altered = Encoding.UTF8.GetBytes(text.Replace($"\"amount\":{ChargedMinor}", "\"amount\":1"));
        Assert.That(altered, Is.Not.EqualTo(body), "the altered body really differs");

        var refusals = new (string Case, byte[] Body, string Header)[]
        {
            ("wrong secret", body, GenerateSignatureHeader(body, "whsec_forged0000000000000000", now)),
            ("stale timestamp", body, GenerateSignatureHeader(body, _endpointSecret, now - 3600)),
            ("body changed after signing", altered, GenerateSignatureHeader(body, _endpointSecret, now)),
            ("no signature", body, null)
        };
        foreach (var (name, sent, header) in refusals)
        {
            var (status, message) = await _receiver.PostAsync(StoreId, sent, header);
            Assert.That(status, Is.EqualTo(400), $"{name}: {message}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(_world.MarkedPaidCount(order), Is.Zero);
            Assert.That(NotesOf(order), Has.None.Contains("succeeded"));
            Assert.That(_world.ProcessedEvents, Is.Empty, "a refused delivery is not recorded as processed");
            Assert.That(PaymentsOf(order).Single().Status, Is.EqualTo(statusBefore));
            // Four refusals within a minute: one log line for the store, the rest counted in the next one.
            Assert.That(_world.LogLines.Count(l => l.StartsWith("warning:") && l.Contains("signature check failed")),
                Is.EqualTo(1));
        });

        // The same bytes, signed properly, are accepted: the refusals were about the signature alone.
        var (okStatus, okMessage) =
            await _receiver.PostAsync(StoreId, body, GenerateSignatureHeader(body, _endpointSecret, now));
        Assert.That(okStatus, Is.EqualTo(200), okMessage);
        AssertPaidOnce(order);
        Assert.That(_world.ProcessedEvents.Select(e => e.EventId), Is.EqualTo(new[] { eventId }));
    }

    // 5 ------------------------------------------------------------------------------------------------------

    [TestCase(PaymentFlow.PaymentIntent, "amount")]
    [TestCase(PaymentFlow.CheckoutSession, "amount")]
    [TestCase(PaymentFlow.PaymentIntent, "currency")]
    [TestCase(PaymentFlow.CheckoutSession, "currency")]
    public async Task A_payment_that_does_not_match_its_attempt_never_pays_the_order(PaymentFlow flow, string tampered)
    {
        await ConfigureAsync(flow);
        var order = PlaceOrder();
        var start = await StartAsync(order);
        var attempt = PaymentsOf(order).Single();
        if (tampered == "amount")
            attempt.AmountMinor = ChargedMinor + 1;
        else
            attempt.Currency = "MYR";

        await _driver.ClickAsync(start.RedirectUrl, "pay");

        await Eventually.ThatAsync(() => NotesOf(order).Any(n => n.Contains("NOT applied")), Wait,
            () => string.Join(" | ", NotesOf(order)));
        await SettleDeliveriesAsync(order);
        var why = tampered == "amount"
            ? $"amount {ChargedMinor} differs from the order's {ChargedMinor + 1}"
            : "currency HKD differs from the order's MYR";
        Assert.Multiple(() =>
        {
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(_world.MarkedPaidCount(order), Is.Zero);
            Assert.That(NotesOf(order), Has.Some.Contains("NOT applied").And.Contains(why));
            Assert.That(NotesOf(order), Has.None.Contains("succeeded"));
            Assert.That(_world.LogLines,
                Has.Some.StartsWith("warning:").And.Contains("was not applied to order").And.Contains(why));
            Assert.That(PaymentsOf(order).Single().Status, Is.Not.EqualTo(PaymentIntentStatus.Succeeded));
        });
        var atWooshPay = (await _driver.IntentsOfAsync(order.OrderGuid)).Single();
        Assert.That((string)atWooshPay["status"], Is.EqualTo(PaymentIntentStatus.Succeeded),
            "WooshPay took the money; the note is the admin's cue");

        Assert.That(await ReturnAsync(order), Is.EqualTo(PaymentReturnState.GatewayError));
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
        Assert.That(_world.MarkedPaidCount(order), Is.Zero);
    }

    // 6 ------------------------------------------------------------------------------------------------------

    [TestCase(PaymentFlow.PaymentIntent)]
    [TestCase(PaymentFlow.CheckoutSession)]
    public async Task A_failed_payment_keeps_the_order_pending_and_the_retry_opens_a_new_attempt_that_pays_once(
        PaymentFlow flow)
    {
        await ConfigureAsync(flow);
        var order = PlaceOrder();
        var first = await StartAsync(order);

        var backTo = await _driver.ClickAsync(first.RedirectUrl, "fail");

        Assert.That(backTo, Does.StartWith(ReturnUrl(order)));
        await Eventually.ThatAsync(() => NotesOf(order).Any(n => n.Contains("failed:")), Wait,
            () => string.Join(" | ", NotesOf(order)));
        await SettleDeliveriesAsync(order);
        Assert.Multiple(() =>
        {
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Pending));
            Assert.That(NotesOf(order), Has.One.Contains("failed:").And.Contains("declined"));
            Assert.That(PaymentsOf(order).Single().Status, Is.EqualTo(PaymentRecordStatus.PaymentFailed));
        });
        Assert.That(await ReturnAsync(order), Is.EqualTo(PaymentReturnState.Failed));

        var second = await StartAsync(order);

        Assert.That(second.Succeeded, Is.True, second.Error);
        Assert.That(second.RedirectUrl, Is.Not.Null.And.Not.EqualTo(first.RedirectUrl));
        var attempts = PaymentsOf(order);
        Assert.That(attempts.Select(a => a.Attempt), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(attempts[1].RedirectUrl, Is.EqualTo(second.RedirectUrl));
        Assert.That(attempts[0].Status, Is.EqualTo(ClosedStatus(flow)),
            "the failed attempt is closed at WooshPay before a new one opens");
        Assert.That(NotesOf(order), Has.One.Contains("attempt 2"));
        using (var oldPage = await PostFormAsync($"{first.RedirectUrl}/pay"))
            Assert.That((int)oldPage.StatusCode, Is.EqualTo(409), "the first page can no longer take money");

        await _driver.ClickAsync(second.RedirectUrl, "pay");

        await WaitUntilPaidAsync(order);
        await SettleDeliveriesAsync(order);
        AssertPaidOnce(order);
        Assert.That(order.CaptureTransactionId, Is.EqualTo(PaymentsOf(order)[1].PaymentIntentId));
        Assert.That(PaymentsOf(order)[1].Status, Is.EqualTo(PaymentIntentStatus.Succeeded));
        Assert.That(await ReturnAsync(order), Is.EqualTo(PaymentReturnState.Completed));
        var intents = await _driver.IntentsOfAsync(order.OrderGuid);
        Assert.That(intents.Count(i => (string)i["status"] == PaymentIntentStatus.Succeeded), Is.EqualTo(1),
            "one intent took the money");
    }

    [TestCase(PaymentFlow.PaymentIntent)]
    [TestCase(PaymentFlow.CheckoutSession)]
    public async Task Starting_again_while_the_attempt_is_payable_sends_the_shopper_to_the_same_page(PaymentFlow flow)
    {
        await ConfigureAsync(flow);
        var order = PlaceOrder();

        var first = await StartAsync(order);
        var second = await StartAsync(order);

        Assert.That(second.RedirectUrl, Is.EqualTo(first.RedirectUrl));
        Assert.That(PaymentsOf(order), Has.Count.EqualTo(1));
        Assert.That(NotesOf(order).Count(n => n.Contains("created:")), Is.EqualTo(1));
        var intents = await _driver.IntentsOfAsync(order.OrderGuid);
        if (flow == PaymentFlow.PaymentIntent)
        {
            Assert.That(intents.Select(i => (string)i["status"]),
                Is.EqualTo(new[] { PaymentIntentStatus.RequiresAction }),
                "one live intent at WooshPay for the order");
        }
        else
        {
            Assert.That(intents, Has.Count.EqualTo(1));
            var sessions = await _driver.SessionsOfAsync(order.OrderGuid);
            Assert.That(sessions.Select(s => (string)s["status"]), Is.EqualTo(new[] { "open" }),
                "one open session at WooshPay for the order");
        }

        await _driver.ClickAsync(second.RedirectUrl, "pay");
        await WaitUntilPaidAsync(order);
        await SettleDeliveriesAsync(order);
        AssertPaidOnce(order);
    }

    [TestCase(PaymentFlow.PaymentIntent)]
    [TestCase(PaymentFlow.CheckoutSession)]
    public async Task Replacing_a_payable_attempt_never_cancels_the_order_even_when_unpaid_orders_are_cancelled(
        PaymentFlow flow)
    {
        await ConfigureAsync(flow);
        _world.Settings.CancelUnpaidOrderOnFailure = true;
        var order = PlaceOrder();
        var first = await StartAsync(order);

        // The admin edited the pending order's total: the retry must close the old page and open one for the new
        // amount.
        order.OrderTotal = 120m;
        var second = await StartAsync(order);

        Assert.That(second.RedirectUrl, Is.Not.Null.And.Not.EqualTo(first.RedirectUrl));
        await SettleDeliveriesAsync(order);
        Assert.Multiple(() =>
        {
            Assert.That(PaymentsOf(order).Select(p => (p.Attempt, p.AmountMinor)),
                Is.EqualTo(new[] { (1, ChargedMinor), (2, 93600L) }));
            Assert.That(PaymentsOf(order)[0].Status, Is.EqualTo(ClosedStatus(flow)));
            Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Pending),
                "closing our own old attempt is not the shopper giving up: " + string.Join(" | ", NotesOf(order))
                + " LOG " + string.Join(" | ", _world.LogLines));
            Assert.That(_world.OrderProcessing.Invocations.Count(i =>
                i.Method.Name == nameof(IOrderProcessingService.CancelOrderAsync)), Is.Zero);
        });

        await _driver.ClickAsync(second.RedirectUrl, "pay");
        await WaitUntilPaidAsync(order);
        await SettleDeliveriesAsync(order);
        AssertPaidOnce(order);
        Assert.That(PaymentsOf(order)[1].Status, Is.EqualTo(PaymentIntentStatus.Succeeded));
    }

    // 7 ------------------------------------------------------------------------------------------------------

    [TestCase(PaymentFlow.PaymentIntent, false)]
    [TestCase(PaymentFlow.PaymentIntent, true)]
    [TestCase(PaymentFlow.CheckoutSession, false)]
    [TestCase(PaymentFlow.CheckoutSession, true)]
    public async Task Cancelling_on_the_wallet_page_leaves_the_order_unpaid_with_a_note(PaymentFlow flow,
        bool cancelUnpaidOrders)
    {
        await ConfigureAsync(flow);
        _world.Settings.CancelUnpaidOrderOnFailure = cancelUnpaidOrders;
        var order = PlaceOrder();
        var start = await StartAsync(order);

        var backTo = await _driver.ClickAsync(start.RedirectUrl, "cancel");

        Assert.That(backTo, Does.StartWith(ReturnUrl(order)));
        if (flow == PaymentFlow.CheckoutSession)
        {
            // WooshPay keeps the session open (the shopper may come back to it): the shopper is told the payment
            // was cancelled and the retry button reopens the same page; the order stays as it was.
            await SettleDeliveriesAsync(order);
            Assert.That(await ReturnAsync(order), Is.EqualTo(PaymentReturnState.Canceled));
            Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Pending));
            Assert.That((await StartAsync(order)).RedirectUrl, Is.EqualTo(start.RedirectUrl));

            // Until it expires, which closes the attempt.
            var sessionId = PaymentsOf(order).Single().CheckoutSessionId;
            await _driver.AdminPostAsync($"_sandbox/checkout/sessions/{sessionId}/expire");
        }

        await Eventually.ThatAsync(() => NotesOf(order).Any(n => n.Contains("was cancelled")), Wait,
            () => string.Join(" | ", NotesOf(order)));
        await SettleDeliveriesAsync(order);
        Assert.Multiple(() =>
        {
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(order.OrderStatus,
                Is.EqualTo(cancelUnpaidOrders ? OrderStatus.Cancelled : OrderStatus.Pending));
            Assert.That(_world.MarkedPaidCount(order), Is.Zero);
            Assert.That(NotesOf(order), Has.One.Contains("was cancelled")
                .And.Contains(flow == PaymentFlow.PaymentIntent ? "abandoned" : "expired"));
            Assert.That(PaymentsOf(order).Single().Status, Is.EqualTo(ClosedStatus(flow)));
        });
        // A session that timed out is told as such: its page expired, the shopper did not cancel.
        Assert.That(await ReturnAsync(order),
            Is.EqualTo(flow == PaymentFlow.CheckoutSession ? PaymentReturnState.Expired : PaymentReturnState.Canceled));
    }

    // 8 ------------------------------------------------------------------------------------------------------

    [TestCase(PaymentFlow.PaymentIntent)]
    [TestCase(PaymentFlow.CheckoutSession)]
    public async Task The_method_is_offered_only_in_a_currency_WooshPay_takes_and_charges_in_it(PaymentFlow flow)
    {
        await ConfigureAsync(flow);
        var method = CreatePaymentMethod();

        _world.WorkingCurrency = "USD";
        Assert.That(ShopWorld.PrimaryCurrency, Is.EqualTo("USD"));
        Assert.That(await method.HidePaymentMethodAsync(new List<ShoppingCartItem>()), Is.True,
            "USD shopper, USD store: WooshPay cannot charge it");

        _world.WorkingCurrency = "IDR";
        Assert.That(await method.HidePaymentMethodAsync(new List<ShoppingCartItem>()), Is.False,
            "IDR is an Alipay+ currency (DANA)");

        var order = _world.PlaceOrder(totalInPrimary: 10m, customerCurrency: "IDR", rate: 16000m);
        var start = await StartAsync(order);
        Assert.That(start.Succeeded, Is.True, start.Error);
        var intent = (await _driver.IntentsOfAsync(order.OrderGuid)).Single();
        Assert.That((string)intent["currency"], Is.EqualTo("IDR"));
        Assert.That((long)intent["amount"], Is.EqualTo(16_000_000), "160,000.00 IDR in minor units");

        await _driver.ClickAsync(start.RedirectUrl, "pay", "DANA");
        await WaitUntilPaidAsync(order);
        await SettleDeliveriesAsync(order);
        AssertPaidOnce(order);
        var paid = (await _driver.IntentsOfAsync(order.OrderGuid)).Single();
        Assert.That((string)paid["sandbox"]!["wallet"], Is.EqualTo("DANA"));
    }

    // 9 ------------------------------------------------------------------------------------------------------

    [TestCase(PaymentFlow.PaymentIntent, "HKD", 7.8, 6410.25, false,
        TestName = "HKD_49999_95_is_offered_and_WooshPay_takes_it")]
    [TestCase(PaymentFlow.PaymentIntent, "HKD", 7.8, 6410.26, true,
        TestName = "HKD_50000_03_is_not_offered_and_WooshPay_would_refuse_it")]
    [TestCase(PaymentFlow.CheckoutSession, "IDR", 16000, 0.02, false,
        TestName = "IDR_320_is_offered_and_WooshPay_takes_it")]
    [TestCase(PaymentFlow.CheckoutSession, "IDR", 16000, 0.01, true,
        TestName = "IDR_160_is_not_offered_and_WooshPay_would_refuse_it")]
    [TestCase(PaymentFlow.PaymentIntent, "IDR", 16000, 625.01, true,
        TestName = "IDR_10000160_is_not_offered_and_WooshPay_would_refuse_it")]
    public async Task Alipay_plus_is_offered_exactly_when_a_wallet_at_WooshPay_would_take_the_order(PaymentFlow flow,
        string currency, decimal rate, decimal total, bool refused)
    {
        await ConfigureAsync(flow, registerEndpoint: false);
        _world.WorkingCurrency = currency;
        _world.WorkingCurrencyRate = rate;
        _world.SetCartTotal(total);

        var hidden = await CreatePaymentMethod()
            .HidePaymentMethodAsync(new List<ShoppingCartItem> { new() { Id = 1 } });

        // What offering it anyway would have led to: the order placed, sent to WooshPay, the shopper pressing Pay
        // there.
        var order = _world.PlaceOrder(totalInPrimary: total, customerCurrency: currency, rate: rate);
        var start = await StartAsync(order);
        Assert.That(start.Succeeded, Is.True, start.Error);
        var (status, page) = await _driver.PressAsync(start.RedirectUrl, "pay");

        Assert.Multiple(() =>
        {
            Assert.That(hidden, Is.EqualTo(refused), "hidden exactly when WooshPay would refuse the payment");
            Assert.That(status == HttpStatusCode.SeeOther, Is.EqualTo(!refused), page);
            if (refused)
                Assert.That(page, Does.Contain("in one payment"));
        });
    }

    // ---------------------------------------------------------------------------------------------------------

    private async Task ConfigureAsync(PaymentFlow flow, bool registerEndpoint = true)
    {
        _world.Settings.Flow = flow;
        if (!registerEndpoint)
            return;

        var url = _receiver.UrlFor(StoreId);
        var endpoint = await _world.Get<IWooshPayClient>().CreateWebhookEndpointAsync(
            _world.Settings.ToWooshPayAccount(),
            new WebhookEndpointCreateRequest
            {
                Url = url, EnabledEvents = EnabledEvents, Description = "CheckoutFlowTests", ApiVersion = "1.0.1"
            },
            IdempotencyKeys.WebhookEndpoint(StoreId, url));
        Assert.That(endpoint.Secret, Does.StartWith("whsec_"));
        _endpointSecret = endpoint.Secret;
        _world.Settings.WebhookSecret = endpoint.Secret;
        _world.Settings.WebhookEndpointId = endpoint.Id;
    }

    private Order PlaceOrder() => _world.PlaceOrder(OrderTotal, "HKD", HkdRate, StoreId);

    private static string ReturnUrl(Order order) => $"https://shop.example/Plugins/AlipayPlus/Return/{order.OrderGuid}";

    private Task<PaymentStartResult> StartAsync(Order order) =>
        _world.Get<ICheckoutPaymentService>().StartAsync(order, ReturnUrl(order));

    private Task<PaymentReturnState> ReturnAsync(Order order) =>
        _world.Get<IPaymentReturnService>().GetStateAsync(order);

    private List<AlipayPlusPayment> PaymentsOf(Order order) =>
        _world.Payments.Rows.Where(p => p.OrderId == order.Id).OrderBy(p => p.Attempt).ToList();

    private List<string> NotesOf(Order order) =>
        _world.NotesOf(order).OrderBy(n => n.CreatedOnUtc).Select(n => n.Note).ToList();

    private string[] ObjectIdsOf(Order order) =>
        PaymentsOf(order).SelectMany(p => new[] { p.PaymentIntentId, p.CheckoutSessionId })
            .Where(id => id is not null).ToArray();

    private Task WaitUntilPaidAsync(Order order) =>
        Eventually.ThatAsync(() => order.PaymentStatus == PaymentStatus.Paid, Wait,
            () => $"order {order.Id} paid; notes: {string.Join(" | ", NotesOf(order))}; "
                + $"log: {string.Join(" | ", _world.LogLines)}");

    /// <summary>Waits for every webhook about the order's attempts to be delivered, retried out or dropped.</summary>
    private Task<IReadOnlyList<JsonObject>> SettleDeliveriesAsync(Order order) =>
        _driver.WaitForDeliveriesSettledAsync(Wait, ObjectIdsOf(order));

    private void AssertPaidOnce(Order order)
    {
        var succeeded = PaymentsOf(order).Where(p => p.Status == PaymentIntentStatus.Succeeded).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(_world.MarkedPaidCount(order), Is.EqualTo(1), "MarkOrderAsPaid exactly once");
            Assert.That(NotesOf(order).Count(n => n.Contains("succeeded:")), Is.EqualTo(1), "one paid note");
            Assert.That(succeeded, Has.Count.EqualTo(1), "one succeeded attempt in the plugin's table");
        });
    }

    private void AssertOneRowPerDeliveredEvent(IEnumerable<JsonObject> deliveries)
    {
        var delivered = deliveries.Where(d => (string)d["state"] == "delivered").Select(d => (string)d["event_id"])
            .Distinct().OrderBy(id => id);
        var rows = _world.ProcessedEvents.Select(e => e.EventId).ToList();
        Assert.That(rows, Is.Unique, "one row per event id");
        Assert.That(rows.OrderBy(id => id), Is.EqualTo(delivered), "every delivered event is recorded, once");
    }

    private static string EventIdOf(byte[] body) => (string)JsonNode.Parse(body)!["id"];

    private async Task<HttpResponseMessage> PostFormAsync(string url)
    {
        using var http = _sandbox.CreateHttpClient();
        return await http.PostAsync(url, new FormUrlEncodedContent([]));
    }

    // Closing a Checkout Session expires it, and WooshPay cancels its intent as expired.
    private static string ClosedStatus(PaymentFlow flow) =>
        flow == PaymentFlow.CheckoutSession ? PaymentRecordStatus.Expired : PaymentIntentStatus.Canceled;

    private AlipayPlusPaymentMethod CreatePaymentMethod()
    {
        return _world.Get<AlipayPlusPaymentMethod>();
    }
}
