using System.Text.Json.Nodes;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using WooshPay.Sandbox;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Integration;

/// <summary>
/// Refunds from the admin order page and from WooshPay's dashboard, against the sandbox over HTTP, with
/// webhooks delivered to the plugin's webhook path. nopCommerce's own refund bookkeeping (adding to the
/// refunded amount and taking the returned payment status) is done here the way the order page does it.
/// </summary>
[NonParallelizable]
public class RefundFlowTests
{
    private const int StoreId = 1;
    private const decimal OrderTotal = 100m;
    private const decimal HkdRate = 7.8m;
    private const long ChargedMinor = 78000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private RunningSandbox _sandbox;
    private ShopWorld _world;
    private PluginWebhookReceiver _receiver;
    private SandboxDriver _driver;

    [OneTimeSetUp]
    public async Task StartSandboxAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            RefundSettleDelay = TimeSpan.FromMilliseconds(150),
            WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(50)
        });
    }

    [OneTimeTearDown]
    public async Task StopSandboxAsync()
    {
        if (_sandbox is not null)
            await _sandbox.DisposeAsync();
    }

    [SetUp]
    public async Task SetUp()
    {
        _sandbox.Options.RefundFailureRate = 0;
        _world = ShopWorld.ConnectedTo(_sandbox);
        _receiver = await PluginWebhookReceiver.StartAsync(_world.Provider);
        _driver = new SandboxDriver(_sandbox, _world.Settings.SecretKey);

        var url = _receiver.UrlFor(StoreId);
        var endpoint = await _world.Get<IWooshPayClient>()
            .CreateWebhookEndpointAsync(_world.Settings.ToWooshPayAccount(),
            new WebhookEndpointCreateRequest { Url = url,
                EnabledEvents = AlipayPlusDefaults.HandledWebhookEvents.ToList(), ApiVersion = "1.0.1" },
            IdempotencyKeys.WebhookEndpoint(StoreId, url));
        _world.Settings.WebhookSecret = endpoint.Secret;
    }

    [TearDown]
    public async Task TearDown()
    {
        _sandbox.Options.RefundFailureRate = 0;
        _driver?.Dispose();
        if (_receiver is not null)
            await _receiver.DisposeAsync();
        _world?.Dispose();
    }

    [Test]
    public async Task A_partial_refund_then_the_rest_go_back_in_the_charged_currency_and_settle_by_webhook()
    {
        var order = await PaidOrderAsync();

        var partial = await AdminRefundAsync(order, 10m, isPartial: true);
        var rest = await AdminRefundAsync(order, OrderTotal - 10m, isPartial: false);

        Assert.That(partial.Success && rest.Success, Is.True, string.Join("; ", partial.Errors.Concat(rest.Errors)));
        Assert.That(partial.NewPaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
        Assert.That(rest.NewPaymentStatus, Is.EqualTo(PaymentStatus.Refunded));

        var atWooshPay = await RefundsAtWooshPayAsync(order);
        Assert.That(atWooshPay.Select(r => (long)r["amount"]), Is.EquivalentTo(new[] { 7800L, ChargedMinor - 7800 }),
            "10.00 USD at 7.8 is 78.00 HKD, not 10.00 and not 7800.00");
        Assert.That(atWooshPay.Select(r => (string)r["currency"]), Has.All.EqualTo("HKD"));

        await Eventually.ThatAsync(() => RefundsOf(order).All(r => r.Status == RefundStatus.Succeeded), Wait,
            () => string.Join(", ", RefundsOf(order).Select(r => $"{r.RefundId}:{r.Status}")));
        Assert.That(NotesOf(order).Count(n => n.Contains("succeeded") && n.Contains("refund")), Is.EqualTo(2));
        Assert.That(order.RefundedAmount, Is.EqualTo(OrderTotal));
    }

    [Test]
    public async Task A_refund_above_what_remains_is_refused_before_reaching_wooshpay()
    {
        var order = await PaidOrderAsync();
        await AdminRefundAsync(order, 10m, isPartial: true);

        var tooMuch = await AdminRefundAsync(order, 95m, isPartial: true);

        Assert.That(tooMuch.Success, Is.False);
        Assert.That(tooMuch.Errors.Single(),
            Does.Contain("exceeds what remains refundable").And.Contains("702.00 HKD"));
        Assert.That(await RefundsAtWooshPayAsync(order), Has.Count.EqualTo(1));
        Assert.That(order.RefundedAmount, Is.EqualTo(10m));
    }

    [Test]
    public async Task A_double_clicked_partial_refund_refunds_once()
    {
        var order = await PaidOrderAsync();

        var clicks = await Task.WhenAll(
            _world.Get<IRefundService>().RefundAsync(order, 20m, true),
            _world.Get<IRefundService>().RefundAsync(order, 20m, true));

        Assert.That(clicks.Count(result => result.Success), Is.EqualTo(1),
            string.Join("; ", clicks.SelectMany(r => r.Errors)));
        Assert.That(await RefundsAtWooshPayAsync(order), Has.Count.EqualTo(1));
        Assert.That(RefundsOf(order), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_refund_that_fails_later_at_the_gateway_is_taken_back_out_of_the_order()
    {
        var order = await PaidOrderAsync();
        _sandbox.Options.RefundFailureRate = 1;

        var accepted = await AdminRefundAsync(order, 10m, isPartial: true);

        Assert.That(accepted.Success, Is.True, "WooshPay accepts the refund as pending");
        Assert.That(order.RefundedAmount, Is.EqualTo(10m));
        // The in-memory table shares the record the updater is still working on, so wait for its last effect.
        // The failure is held back (503) for a few seconds so nopCommerce's
        // own booking lands first; WooshPay delivers it again.
        await Eventually.ThatAsync(() => _world.LogLines.Any(line => line.StartsWith("error:")), Wait * 3,
            () => RefundsOf(order).Single().Status);
        Assert.That(RefundsOf(order).Single().Status, Is.EqualTo(RefundStatus.Failed));
        Assert.That(order.RefundedAmount, Is.EqualTo(0m));
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        Assert.That(NotesOf(order), Has.One.Contains("FAILED"));
        Assert.That(_world.LogLines, Has.Some.StartsWith("error:").And.Contains("failed at WooshPay"));
    }

    [Test]
    public async Task A_failed_refund_takes_out_exactly_what_nopCommerce_booked_when_the_charged_currency_rounds_it()
    {
        // 0.1 GBP to the primary unit: a charged penny is ten primary cents. 10.05 goes to WooshPay as 1.01 (or 1.00)
        // GBP, which converted back is 10.10 (or 10.00), not the 10.05 nopCommerce counted.
        var order = await PaidOrderAsync(100m, "GBP", 0.1m);
        var kept = await AdminRefundAsync(order, 20m, isPartial: true);
        Assert.That(kept.Success, Is.True, string.Join("; ", kept.Errors));
        await Eventually.ThatAsync(() => RefundsOf(order).Single().Status == RefundStatus.Succeeded, Wait,
            () => RefundsOf(order).Single().Status);

        _sandbox.Options.RefundFailureRate = 1;
        var failing = await AdminRefundAsync(order, 10.05m, isPartial: true);
        Assert.That(failing.Success, Is.True, string.Join("; ", failing.Errors));
        Assert.That(order.RefundedAmount, Is.EqualTo(30.05m));
        await Eventually.ThatAsync(() => _world.LogLines.Any(line => line.StartsWith("error:")), Wait * 3,
            () => string.Join(", ", RefundsOf(order).Select(r => r.Status)));

        Assert.That(RefundsOf(order).Select(r => r.Status),
            Is.EquivalentTo(new[] { RefundStatus.Succeeded, RefundStatus.Failed }));
        Assert.That(order.RefundedAmount, Is.EqualTo(20m),
            "the 20.00 that was refunded, no residue of the failed 10.05");
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
    }

    [Test]
    public async Task A_dashboard_refund_is_applied_to_the_order_once_even_when_its_event_comes_again()
    {
        var order = await PaidOrderAsync();
        var intentId = RefundTarget(order);

        var refund = await _driver.AdminPostAsync("_sandbox/refunds",
            new { payment_intent = intentId, amount = 15600 });
        var refundId = (string)refund["id"];
        await Eventually.ThatAsync(() => order.PaymentStatus == PaymentStatus.PartiallyRefunded, Wait,
            () => order.PaymentStatus.ToString());
        await _driver.WaitForDeliveriesSettledAsync(Wait, refundId);

        // One event when the refund was made (pending) and one when it settled: deliver both again.
        var events = await _driver.ApiGetAsync($"v1/events?type=charge.refund.updated&object_id={refundId}&limit=100");
        var eventIds = events["data"]!.AsArray().Select(e => (string)e!["id"]).ToList();
        Assert.That(eventIds, Is.Not.Empty);
        foreach (var eventId in eventIds)
            await _driver.AdminPostAsync($"_sandbox/events/{eventId}/resend");
        await _driver.WaitForDeliveriesSettledAsync(Wait, refundId);

        Assert.That(order.RefundedAmount, Is.EqualTo(20m), "156.00 HKD at 7.8 is 20.00 in the primary currency");
        Assert.That(_world.OrderProcessing.Invocations.Count(i => i.Method.Name == "PartiallyRefundOfflineAsync"),
            Is.EqualTo(1));
        Assert.That(RefundsOf(order).Single().FromDashboard, Is.True);
    }

    [Test]
    public async Task A_dispute_of_a_paid_order_becomes_an_order_note_and_a_warning_and_changes_nothing_else()
    {
        var order = await PaidOrderAsync();
        var intentId = RefundTarget(order);

        await _driver.AdminPostAsync("_sandbox/trigger",
            new Dictionary<string, object> { ["type"] = "charge.dispute.updated", ["payment_intent"] = intentId });

        await Eventually.ThatAsync(() => NotesOf(order).Any(n => n.Contains("DISPUTED")), Wait,
            () => string.Join(" | ", NotesOf(order)));
        Assert.That(NotesOf(order).Single(n => n.Contains("DISPUTED")),
            Does.Contain(intentId).And.Contains("dp_").And.Contains("780.00 HKD").And.Contains("needs_response"));
        _world.Logger.Verify(l => l.WarningAsync(It.Is<string>(m => m.Contains("disputed") && m.Contains(intentId)),
            It.IsAny<Exception>(), It.IsAny<Nop.Core.Domain.Customers.Customer>()), Times.Once);
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        Assert.That(order.RefundedAmount, Is.EqualTo(0m));
    }

    private async Task<Order> PaidOrderAsync(decimal total = OrderTotal, string currency = "HKD",
        decimal rate = HkdRate)
    {
        var order = _world.PlaceOrder(total, currency, rate, StoreId);
        var start = await _world.Get<ICheckoutPaymentService>()
            .StartAsync(order, $"https://shop.example/Plugins/AlipayPlus/Return/{order.OrderGuid}");
        Assert.That(start.RedirectUrl, Is.Not.Null, start.Error);
        await _driver.AdminPostAsync($"_sandbox/payment_intents/{RefundTarget(order)}/pay");
        await Eventually.ThatAsync(() => order.PaymentStatus == PaymentStatus.Paid, Wait,
            () => order.PaymentStatus.ToString());
        return order;
    }

    /// <summary>
    /// What the admin order page does: ask the payment method, then book the amount and the new status on success.
    /// </summary>
    private async Task<Nop.Services.Payments.RefundPaymentResult> AdminRefundAsync(Order order, decimal amount,
        bool isPartial)
    {
        return await _world.AdminRefundAsync(order, amount, isPartial);
    }

    private string RefundTarget(Order order) => _world.Payments.Rows.Single(p => p.OrderId == order.Id).PaymentIntentId;

    private List<AlipayPlusRefund> RefundsOf(Order order) =>
        _world.Refunds.Rows.Where(r => r.OrderId == order.Id).ToList();

    private List<string> NotesOf(Order order) => _world.NotesOf(order).Select(n => n.Note).ToList();

    private async Task<List<JsonObject>> RefundsAtWooshPayAsync(Order order)
    {
        var list = await _driver.ApiGetAsync($"v1/refunds?payment_intent={RefundTarget(order)}&limit=100");
        return list["data"]!.AsArray().Select(node => node!.AsObject()).ToList();
    }
}
