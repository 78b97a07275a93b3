using Microsoft.Extensions.DependencyInjection;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Webhooks;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Orders;
using static Nop.Plugin.Payments.AlipayPlus.WooshPay.WebhookSignatureVerifier;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Refunds;

[TestFixture]
public class RefundSettlementTests
{
    private Mock<IWooshPayClient> _client;
    private ShopWorld _world;
    private Order _order;
    private AlipayPlusPayment _payment;

    [SetUp]
    public void SetUp()
    {
        _client = SettlementKit.NewClient();
        _world = new ShopWorld(s => s.AddSingleton(_client.Object));
        _order = _world.PlaceOrder(totalInPrimary: 100m, customerCurrency: "HKD", rate: 7.8m);
        _order.PaymentStatus = PaymentStatus.Paid;
        _payment = _world.AddPayment(_order, status: PaymentIntentStatus.Succeeded);
    }

    [TearDown]
    public void TearDown() => _world.Dispose();

    private Task<RefundOutcome> ApplyAsync(Refund refund) =>
        _world.Get<RefundSettlement>().ApplyAsync(refund, "charge.refund.updated");

    private string[] Notes() => _world.NotesOf(_order).Select(note => note.Note).ToArray();

    /// <summary>A refund the admin asked for in the shop: nopCommerce already counted it in the order.</summary>
    private AlipayPlusRefund ShopRefund(string refundId, long amountMinor, decimal primaryAmount,
        string status = RefundStatus.Pending)
    {
        var record = new AlipayPlusRefund
        {
            StoreId = _order.StoreId, OrderId = _order.Id, PaymentId = _payment.Id, PaymentIntentId = "pi_1",
            RefundId = refundId, IdempotencyKey = $"key-{refundId}", AmountMinor = amountMinor, Currency = "HKD",
            Status = status, BookedOnOrder = true,
            CreatedOnUtc = DateTime.UtcNow.AddMinutes(-1), UpdatedOnUtc = DateTime.UtcNow.AddMinutes(-1)
        };
        _world.Refunds.InsertAsync(record).GetAwaiter().GetResult();
        _order.RefundedAmount += primaryAmount;
        _order.PaymentStatus = _order.RefundedAmount >= _order.OrderTotal
            ? PaymentStatus.Refunded
            : PaymentStatus.PartiallyRefunded;
        return record;
    }

    private int OfflineRefunds(string methodName) =>
        _world.OrderProcessing.Invocations.Count(i =>
            i.Method.Name == methodName && ReferenceEquals(i.Arguments[0], _order));

    [TestCase(RefundStatus.Succeeded, 1, 10)]
    [TestCase(RefundStatus.Failed, 0, 0)]
    public async Task A_refund_whose_creation_answer_was_lost_is_recognised_as_the_shops_and_booked_once(string status,
        int offlineRefunds, decimal refunded)
    {
        // The admin's click timed out: nopCommerce booked nothing, the record is still "creating" without an id.
        var record = new AlipayPlusRefund
        {
            StoreId = _order.StoreId, OrderId = _order.Id, PaymentId = _payment.Id, PaymentIntentId = "pi_1",
            IdempotencyKey = "shop-key-1", AmountMinor = 7800, Currency = "HKD", Status = PaymentRecordStatus.Creating,
            CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        };
        await _world.Refunds.InsertAsync(record);
        var refund = SettlementKit.RefundOf(_payment, "re_9", 7800, status);
        refund.Metadata = new Dictionary<string, string> { [AttemptMetadata.RefundKey] = "shop-key-1" };

        await ApplyAsync(refund);
        await ApplyAsync(refund);

        Assert.Multiple(() =>
        {
            Assert.That(_world.Refunds.Rows, Has.Count.EqualTo(1), "not recorded a second time as a dashboard refund");
            Assert.That(record.RefundId, Is.EqualTo("re_9"));
            Assert.That(record.Status, Is.EqualTo(status));
            Assert.That(OfflineRefunds("PartiallyRefundOfflineAsync") + OfflineRefunds("RefundOfflineAsync"),
                Is.EqualTo(offlineRefunds));
            Assert.That(_order.RefundedAmount, Is.EqualTo(refunded));
        });
    }

    [Test]
    public async Task A_pending_refund_that_succeeds_gets_a_note_and_leaves_the_order_as_it_is()
    {
        var record = ShopRefund("re_1", 7800, 10m);

        var outcome = await ApplyAsync(SettlementKit.RefundOf(_payment, "re_1", 7800, RefundStatus.Succeeded));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(RefundOutcome.Succeeded));
            Assert.That(record.Status, Is.EqualTo(RefundStatus.Succeeded));
            Assert.That(_order.RefundedAmount, Is.EqualTo(10m));
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            Assert.That(Notes(), Has.Length.EqualTo(1));
            Assert.That(Notes()[0], Does.Contain("re_1").And.Contain("78.00 HKD").And.Contain("succeeded"));
        });
    }

    [Test]
    public void A_failure_arriving_before_nopcommerce_booked_the_refund_is_left_for_a_later_delivery()
    {
        var record = ShopRefund("re_1", 7800, 0m);
        record.UpdatedOnUtc = DateTime.UtcNow;

        Assert.ThrowsAsync<OrderBusyException>(
            () => ApplyAsync(SettlementKit.RefundOf(_payment, "re_1", 7800, RefundStatus.Failed)));
        Assert.That(record.Status, Is.EqualTo(RefundStatus.Pending));
        Assert.That(Notes(), Is.Empty);
    }

    [Test]
    public async Task A_pending_refund_that_fails_is_taken_back_out_of_the_order()
    {
        var record = ShopRefund("re_1", 7800, 10m);

        var outcome = await ApplyAsync(
            SettlementKit.RefundOf(_payment, "re_1", 7800, RefundStatus.Failed, "expired_or_canceled_card"));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(RefundOutcome.Failed));
            Assert.That(record.Status, Is.EqualTo(RefundStatus.Failed));
            Assert.That(record.FailureReason, Is.EqualTo("expired_or_canceled_card"));
            Assert.That(_order.RefundedAmount, Is.Zero);
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(Notes(), Has.Length.EqualTo(1));
            Assert.That(Notes()[0],
                Does.Contain("FAILED").And.Contain("expired_or_canceled_card").And.Contain("78.00 HKD"));
            Assert.That(_world.LogLines, Has.Some.StartsWith("error:").And.Contain("re_1"));
        });
        _world.OrderService.Verify(s => s.UpdateOrderAsync(_order), Times.Once);
    }

    [Test]
    public async Task A_failed_refund_beside_a_succeeded_one_leaves_the_order_partially_refunded()
    {
        ShopRefund("re_1", 7800, 10m, RefundStatus.Succeeded);
        ShopRefund("re_2", 15600, 20m);

        var outcome = await ApplyAsync(
            SettlementKit.RefundOf(_payment, "re_2", 15600, RefundStatus.Failed, "declined"));

        Assert.That(outcome, Is.EqualTo(RefundOutcome.Failed));
        Assert.That(_order.RefundedAmount, Is.EqualTo(10m));
        Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
    }

    [Test]
    public async Task A_failed_full_refund_returns_the_order_to_paid()
    {
        ShopRefund("re_1", 78000, 100m);
        Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));

        await ApplyAsync(SettlementKit.RefundOf(_payment, "re_1", 78000, RefundStatus.Canceled));

        Assert.That(_order.RefundedAmount, Is.Zero);
        Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
    }

    [TestCase(RefundStatus.Succeeded)]
    [TestCase(RefundStatus.Failed)]
    public async Task The_same_update_twice_changes_the_order_once(string status)
    {
        ShopRefund("re_1", 7800, 10m);
        ShopRefund("re_0", 7800, 10m, RefundStatus.Succeeded);
        var refund = SettlementKit.RefundOf(_payment, "re_1", 7800, status);

        await ApplyAsync(refund);
        var refundedAfterFirst = _order.RefundedAmount;
        var again = await ApplyAsync(refund);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(RefundOutcome.Unchanged));
            Assert.That(_order.RefundedAmount, Is.EqualTo(refundedAfterFirst));
            Assert.That(_order.RefundedAmount, Is.EqualTo(status == RefundStatus.Failed ? 10m : 20m));
            Assert.That(Notes(), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task A_still_pending_refund_is_unchanged()
    {
        ShopRefund("re_1", 7800, 10m);

        var outcome = await ApplyAsync(SettlementKit.RefundOf(_payment, "re_1", 7800, RefundStatus.Pending));

        Assert.That(outcome, Is.EqualTo(RefundOutcome.Unchanged));
        Assert.That(Notes(), Is.Empty);
        Assert.That(_order.RefundedAmount, Is.EqualTo(10m));
    }

    [Test]
    public async Task A_partial_dashboard_refund_is_applied_offline_once_even_when_the_event_arrives_twice()
    {
        var refund = SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Succeeded);

        var first = await ApplyAsync(refund);
        var second = await ApplyAsync(refund);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(RefundOutcome.DashboardRefundApplied));
            Assert.That(second, Is.EqualTo(RefundOutcome.Unchanged));
            Assert.That(OfflineRefunds(nameof(IOrderProcessingService.PartiallyRefundOfflineAsync)), Is.EqualTo(1));
            Assert.That(OfflineRefunds(nameof(IOrderProcessingService.RefundOfflineAsync)), Is.Zero);
            Assert.That(_order.RefundedAmount, Is.EqualTo(10m),
                "HKD 78.00 at the order's rate 7.8 is 10.00 in the primary currency");
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            Assert.That(Notes(), Has.Length.EqualTo(1));
            Assert.That(Notes()[0], Does.Contain("dashboard").And.Contain("78.00 HKD"));
            Assert.That(_world.Refunds.Rows.Single().FromDashboard, Is.True);
        });
        _world.OrderProcessing.Verify(s => s.PartiallyRefundOfflineAsync(_order, 10m), Times.Once);
    }

    [Test]
    public async Task A_full_dashboard_refund_refunds_the_order_offline_once()
    {
        var refund = SettlementKit.RefundOf(_payment, "re_dash", 78000, RefundStatus.Succeeded);

        var first = await ApplyAsync(refund);
        var second = await ApplyAsync(refund);

        Assert.That(first, Is.EqualTo(RefundOutcome.DashboardRefundApplied));
        Assert.That(second, Is.EqualTo(RefundOutcome.Unchanged));
        Assert.That(OfflineRefunds(nameof(IOrderProcessingService.RefundOfflineAsync)), Is.EqualTo(1));
        Assert.That(OfflineRefunds(nameof(IOrderProcessingService.PartiallyRefundOfflineAsync)), Is.Zero);
        Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
        Assert.That(_order.RefundedAmount, Is.EqualTo(100m));
    }

    [Test]
    public async Task A_pending_dashboard_refund_changes_the_order_only_when_it_succeeds_and_only_once()
    {
        var pending = await ApplyAsync(SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Pending));

        Assert.That(pending, Is.EqualTo(RefundOutcome.Unchanged));
        Assert.That(_order.RefundedAmount, Is.Zero);
        Assert.That(_world.OrderProcessing.Invocations.Where(i =>
            i.Method.Name.Contains("RefundOffline") && !i.Method.Name.StartsWith("Can")), Is.Empty);
        Assert.That(_world.Refunds.Rows.Single().Status, Is.EqualTo(RefundStatus.Pending));

        var succeeded = await ApplyAsync(SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Succeeded));
        var redelivered = await ApplyAsync(SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Succeeded));

        Assert.Multiple(() =>
        {
            Assert.That(succeeded, Is.EqualTo(RefundOutcome.DashboardRefundApplied));
            Assert.That(redelivered, Is.EqualTo(RefundOutcome.Unchanged));
            Assert.That(OfflineRefunds(nameof(IOrderProcessingService.PartiallyRefundOfflineAsync)), Is.EqualTo(1));
            Assert.That(_order.RefundedAmount, Is.EqualTo(10m));
            Assert.That(_world.Refunds.Rows.Single().Status, Is.EqualTo(RefundStatus.Succeeded));
        });
    }

    [Test]
    public async Task A_pending_dashboard_refund_that_fails_never_touches_the_refunded_amount()
    {
        await ApplyAsync(SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Pending));

        var failed = await ApplyAsync(
            SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Failed, "declined"));

        Assert.That(failed, Is.EqualTo(RefundOutcome.Failed));
        Assert.That(_order.RefundedAmount, Is.Zero);
        Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
    }

    [Test]
    public async Task A_dashboard_refund_nopCommerce_cannot_apply_is_noted_not_dropped()
    {
        _order.PaymentStatus = PaymentStatus.Pending;

        var outcome = await ApplyAsync(SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Succeeded));

        Assert.That(outcome, Is.EqualTo(RefundOutcome.NotApplied));
        Assert.That(Notes().Single(), Does.Contain("NOT applied"));
        Assert.That(_world.LogLines, Has.Some.StartsWith("warning:").And.Contain("re_dash"));
    }

    [Test]
    public async Task A_refund_of_an_unknown_payment_changes_nothing()
    {
        var stranger = SettlementKit.RefundOf(_payment, "re_x", 7800, RefundStatus.Succeeded);
        stranger.PaymentIntent = "pi_not_ours";

        var outcome = await ApplyAsync(stranger);

        Assert.That(outcome, Is.EqualTo(RefundOutcome.UnknownPayment));
        Assert.That(_world.Refunds.Rows, Is.Empty);
        Assert.That(_world.Notes, Is.Empty);
    }

    [Test]
    public async Task A_dashboard_refund_announced_by_two_webhook_events_is_applied_once()
    {
        _client.Setup(c => c.GetRefundAsync(It.IsAny<WooshPayAccount>(), "re_dash", It.IsAny<CancellationToken>()))
            .ReturnsAsync(SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Succeeded));
        var processor = _world.Get<IWebhookProcessor>();
        const string refundJson = """
            {"id":"re_dash","object":"refund","amount":7800,"currency":"hkd","status":"succeeded",
            "payment_intent":"pi_1"}
            """;

        // Two endpoints for the same URL deliver the same change under two event ids.
        foreach (var eventId in new[] { "evt_a", "evt_b" })
        {
            var body = SettlementKit.EventBody(eventId, WebhookEventTypes.ChargeRefundUpdated, refundJson);
            var signature = GenerateSignatureHeader(body, "whsec_shopworld", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var result = await processor.ProcessAsync(1, body, signature);
            Assert.That(result.StatusCode, Is.EqualTo(200), result.Message);
        }

        Assert.That(OfflineRefunds(nameof(IOrderProcessingService.PartiallyRefundOfflineAsync)), Is.EqualTo(1));
        Assert.That(_order.RefundedAmount, Is.EqualTo(10m));
        Assert.That(_world.ProcessedEvents.Select(e => e.EventId), Is.EquivalentTo(new[] { "evt_a", "evt_b" }));
    }
}
