using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Components.Admin;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Models.Admin;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Settlement;

[TestFixture]
public class PaymentSettlementTests
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
        _order = _world.PlaceOrder();
        _payment = _world.AddPayment(_order);
    }

    [TearDown]
    public void TearDown() => _world.Dispose();

    private Task<SettlementOutcome> ApplyAsync(PaymentIntent intent, string source = "test") =>
        _world.Get<PaymentSettlement>().ApplyAsync(_payment, intent, source);

    private string[] Notes() => _world.NotesOf(_order).Select(note => note.Note).ToArray();

    private string[] Warnings() => _world.LogLines.Where(line => line.StartsWith("warning:")).ToArray();

    [Test]
    public async Task Succeeded_marks_the_order_paid_once_with_the_intent_as_capture_transaction()
    {
        var outcome = await ApplyAsync(SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded),
            "payment_intent.succeeded");

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SettlementOutcome.Paid));
            Assert.That(_world.MarkedPaidCount(_order), Is.EqualTo(1));
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(_order.CaptureTransactionId, Is.EqualTo("pi_1"));
            Assert.That(Notes(), Has.Length.EqualTo(1));
            Assert.That(Notes()[0], Does.Contain("pi_1").And.Contain("780.00 HKD").And.Contain("succeeded"));
            Assert.That(_world.Payments.Rows.Single().Status, Is.EqualTo(PaymentIntentStatus.Succeeded));
            Assert.That(_world.Payments.Rows.Single().LastEventType, Is.EqualTo("payment_intent.succeeded"));
        });
    }

    [Test]
    public async Task The_same_intent_applied_again_is_already_paid_and_changes_nothing()
    {
        var intent = SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded);
        await ApplyAsync(intent);

        var again = await ApplyAsync(intent);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(SettlementOutcome.AlreadyPaid));
            Assert.That(_world.MarkedPaidCount(_order), Is.EqualTo(1));
            Assert.That(Notes(), Has.Length.EqualTo(1));
        });
    }

    [TestCase(2)]
    [TestCase(4)]
    [TestCase(8)]
    public async Task The_same_intent_applied_concurrently_marks_the_order_paid_once(int concurrency)
    {
        // A slow MarkOrderAsPaid widens the window in which an unlocked second writer would also see "pending".
        _world.OrderProcessing.Setup(s => s.MarkOrderAsPaidAsync(It.IsAny<Order>())).Returns(async (Order o) =>
        {
            await Task.Delay(30);
            o.PaymentStatus = PaymentStatus.Paid;
            o.OrderStatus = OrderStatus.Processing;
        });
        var intent = SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded);
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await _world.Get<PaymentSettlement>().ApplyAsync(_payment, intent, "webhook");
        })).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(tasks);

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Count(o => o == SettlementOutcome.Paid), Is.EqualTo(1), string.Join(", ", outcomes));
            Assert.That(outcomes.Count(o => o == SettlementOutcome.AlreadyPaid), Is.EqualTo(concurrency - 1),
                string.Join(", ", outcomes));
            Assert.That(_world.MarkedPaidCount(_order), Is.EqualTo(1));
            Assert.That(Notes(), Has.Length.EqualTo(1));
        });
    }

    private static IEnumerable<TestCaseData> Mismatches()
    {
        yield return new TestCaseData(new Action<PaymentIntent, Order>((intent, _) => intent.Id = "pi_other"),
            "not the intent of attempt")
            .SetName("Mismatch_other_intent_id");
        yield return new TestCaseData(new Action<PaymentIntent, Order>(
            (intent, _) => intent.Metadata["order_guid"] = Guid.NewGuid().ToString()), "metadata names another order")
            .SetName("Mismatch_metadata_names_another_order");
        yield return new TestCaseData(new Action<PaymentIntent, Order>((intent, _) => intent.Currency = "usd"),
            "currency usd differs")
            .SetName("Mismatch_currency_differs");
        yield return new TestCaseData(new Action<PaymentIntent, Order>(
            (intent, _) => intent.Amount = SettlementKit.DefaultChargeMinor - 1), "amount 77999 differs")
            .SetName("Mismatch_amount_differs");
        yield return new TestCaseData(new Action<PaymentIntent, Order>((intent, _) => intent.AmountReceived = 70000),
            "only 70000 of 78000")
            .SetName("Mismatch_amount_received_short");
    }

    [TestCaseSource(nameof(Mismatches))]
    public async Task A_mismatching_intent_leaves_the_order_untouched_with_a_note_and_a_warning(
        Action<PaymentIntent, Order> spoil, string reason)
    {
        var intent = SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded);
        spoil(intent, _order);

        var outcome = await ApplyAsync(intent);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SettlementOutcome.Mismatch));
            Assert.That(_world.MarkedPaidCount(_order), Is.Zero);
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(_order.CaptureTransactionId, Is.Null);
            Assert.That(Notes(), Has.Length.EqualTo(1));
            Assert.That(Notes()[0], Does.Contain("NOT applied").And.Contain(reason));
            Assert.That(Warnings(), Has.Some.Contain(reason));
            Assert.That(_world.Payments.Rows.Single().Status, Is.EqualTo(PaymentIntentStatus.RequiresAction),
                "the attempt keeps its last trusted state");
        });
    }

    [Test]
    public async Task A_failed_payment_writes_one_note_even_when_applied_twice_and_keeps_the_order_open_by_default()
    {
        _world.Settings.CancelUnpaidOrderOnFailure = false;

        var first = await ApplyAsync(SettlementKit.Failed(_payment));
        var second = await ApplyAsync(SettlementKit.Failed(_payment));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(SettlementOutcome.Failed));
            Assert.That(second, Is.EqualTo(SettlementOutcome.Failed));
            Assert.That(Notes(), Has.Length.EqualTo(1));
            Assert.That(Notes()[0], Does.Contain("failed").And.Contain("The wallet declined the payment."));
            Assert.That(_order.OrderStatus, Is.EqualTo(OrderStatus.Pending));
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(_world.MarkedPaidCount(_order), Is.Zero);
        });
        _world.OrderProcessing.Verify(s => s.CancelOrderAsync(It.IsAny<Order>(), It.IsAny<bool>()), Times.Never);
    }

    [Test]
    public async Task A_failed_payment_cancels_the_order_once_when_the_shop_asks_for_it()
    {
        _world.Settings.CancelUnpaidOrderOnFailure = true;

        await ApplyAsync(SettlementKit.Failed(_payment));
        await ApplyAsync(SettlementKit.Failed(_payment));

        Assert.That(_order.OrderStatus, Is.EqualTo(OrderStatus.Cancelled));
        Assert.That(Notes(), Has.Length.EqualTo(1));
        _world.OrderProcessing.Verify(s => s.CancelOrderAsync(_order, true), Times.Once);
    }

    [Test]
    public async Task Requires_payment_method_without_an_error_is_still_pending()
    {
        var outcome = await ApplyAsync(SettlementKit.IntentFor(_payment, PaymentIntentStatus.RequiresPaymentMethod));

        Assert.That(outcome, Is.EqualTo(SettlementOutcome.Pending));
        Assert.That(Notes(), Is.Empty);
    }

    [TestCase(false, OrderStatus.Pending)]
    [TestCase(true, OrderStatus.Cancelled)]
    public async Task A_canceled_intent_writes_one_note_and_cancels_the_order_only_when_configured(bool cancelUnpaid,
        OrderStatus expected)
    {
        _world.Settings.CancelUnpaidOrderOnFailure = cancelUnpaid;
        var intent = SettlementKit.IntentFor(_payment, PaymentIntentStatus.Canceled);
        intent.CancellationReason = "abandoned";

        var first = await ApplyAsync(intent);
        var second = await ApplyAsync(intent);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(SettlementOutcome.Canceled));
            Assert.That(second, Is.EqualTo(SettlementOutcome.Canceled));
            Assert.That(Notes(), Has.Length.EqualTo(1));
            Assert.That(Notes()[0], Does.Contain("cancelled").And.Contain("abandoned"));
            Assert.That(_order.OrderStatus, Is.EqualTo(expected));
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
        });
    }

    [TestCase(PaymentIntentStatus.Processing)]
    [TestCase(PaymentIntentStatus.RequiresAction)]
    public async Task An_unfinished_payment_is_pending_and_writes_no_note(string status)
    {
        var outcome = await ApplyAsync(SettlementKit.IntentFor(_payment, status));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SettlementOutcome.Pending));
            Assert.That(Notes(), Is.Empty);
            Assert.That(_world.MarkedPaidCount(_order), Is.Zero);
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(_world.Payments.Rows.Single().Status, Is.EqualTo(status));
        });
    }

    [Test]
    public async Task A_payment_for_an_order_cancelled_meanwhile_is_kept_visible_once()
    {
        _order.OrderStatus = OrderStatus.Cancelled;
        var intent = SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded);

        var first = await ApplyAsync(intent);
        var second = await ApplyAsync(intent);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(SettlementOutcome.PaidButOrderClosed));
            Assert.That(second, Is.EqualTo(SettlementOutcome.PaidButOrderClosed));
            Assert.That(_world.MarkedPaidCount(_order), Is.Zero);
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(Notes(), Has.Length.EqualTo(1));
            Assert.That(Notes()[0], Does.Contain("NOT applied").And.Contain("Cancelled"));
            Assert.That(Warnings(), Has.Some.Contain("cannot be marked paid"));
        });
    }

    [Test]
    public async Task A_deleted_order_is_not_found_and_nothing_is_written()
    {
        _order.Deleted = true;

        var outcome = await ApplyAsync(SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SettlementOutcome.OrderNotFound));
            Assert.That(_world.MarkedPaidCount(_order), Is.Zero);
            Assert.That(_world.Notes, Is.Empty);
            Assert.That(Warnings(), Has.Some.Contain("no longer exists"));
        });
    }

    [Test]
    public async Task An_attempt_whose_order_is_gone_is_not_found()
    {
        var orphan = _world.AddPayment(new Order { Id = 4242, OrderGuid = Guid.NewGuid(), StoreId = 1 },
            intentId: "pi_orphan");

        var outcome = await _world.Get<PaymentSettlement>()
            .ApplyAsync(orphan, SettlementKit.IntentFor(orphan, PaymentIntentStatus.Succeeded), "test");

        Assert.That(outcome, Is.EqualTo(SettlementOutcome.OrderNotFound));
        Assert.That(_world.Notes, Is.Empty);
    }

    [Test]
    public async Task The_callers_copy_of_the_attempt_carries_what_was_stored()
    {
        var records = new CopyingPaymentRecords();
        using var world = records.NewShop(_client.Object);
        var order = world.PlaceOrder();
        var payment = world.AddPayment(order);
        records.Store(payment);

        var outcome = await world.Get<PaymentSettlement>().ApplyAsync(payment,
            SettlementKit.IntentFor(payment, PaymentIntentStatus.Succeeded), "payment_intent.succeeded");

        var stored = records.Stored;
        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SettlementOutcome.Paid));
            Assert.That(stored.Status, Is.EqualTo(PaymentIntentStatus.Succeeded));
            Assert.That(payment.Status, Is.EqualTo(stored.Status));
            Assert.That(payment.LastEventType, Is.EqualTo("payment_intent.succeeded"));
            Assert.That(payment.UpdatedOnUtc, Is.EqualTo(stored.UpdatedOnUtc));
        });
    }

    [Test]
    public async Task A_caller_holding_an_old_copy_learns_what_another_writer_stored()
    {
        var records = new CopyingPaymentRecords();
        using var world = records.NewShop(_client.Object);
        var order = world.PlaceOrder();
        var payment = world.AddPayment(order);
        var settledElsewhere = world.AddPayment(world.PlaceOrder(), intentId: "pi_other");
        settledElsewhere.Id = payment.Id;
        settledElsewhere.OrderId = payment.OrderId;
        settledElsewhere.PaymentIntentId = payment.PaymentIntentId;
        settledElsewhere.Status = PaymentIntentStatus.Succeeded;
        records.Store(settledElsewhere);

        // A late look at WooshPay, taken before the payment, arrives after another request settled the attempt.
        var outcome = await world.Get<PaymentSettlement>().ApplyAsync(payment,
            SettlementKit.IntentFor(payment, PaymentIntentStatus.RequiresAction), "return");

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SettlementOutcome.AlreadyPaid));
            Assert.That(payment.Status, Is.EqualTo(PaymentIntentStatus.Succeeded));
            Assert.That(records.Stored.Status, Is.EqualTo(PaymentIntentStatus.Succeeded));
        });
    }

    [Test]
    public async Task Marking_an_attempt_closing_leaves_one_paid_meanwhile_alone()
    {
        var records = new CopyingPaymentRecords();
        using var world = records.NewShop(_client.Object);
        var payment = world.AddPayment(world.PlaceOrder());
        var paidMeanwhile = world.AddPayment(world.PlaceOrder(), intentId: "pi_other",
            status: PaymentIntentStatus.Succeeded);
        paidMeanwhile.Id = payment.Id;
        paidMeanwhile.OrderId = payment.OrderId;
        records.Store(paidMeanwhile);

        // The retry looked at the attempt while it was still payable; a webhook paid it before the close was marked.
        var marked = await world.Get<PaymentSettlement>().MarkClosingAsync(payment);

        Assert.Multiple(() =>
        {
            Assert.That(marked, Is.False);
            Assert.That(records.Stored.Status, Is.EqualTo(PaymentIntentStatus.Succeeded));
        });
    }

    [Test]
    public async Task Marking_an_open_attempt_closing_stores_it_and_tells_the_caller()
    {
        var records = new CopyingPaymentRecords();
        using var world = records.NewShop(_client.Object);
        var payment = world.AddPayment(world.PlaceOrder());
        records.Store(payment);

        var marked = await world.Get<PaymentSettlement>().MarkClosingAsync(payment);

        Assert.Multiple(() =>
        {
            Assert.That(marked, Is.True);
            Assert.That(records.Stored.Status, Is.EqualTo(PaymentRecordStatus.Closing));
            Assert.That(payment.Status, Is.EqualTo(PaymentRecordStatus.Closing));
        });
    }

    // Edited totals -----------------------------------------------------------------------------------------------

    /// <summary>The real store's case: 24.00 USD placed in HKD at 7.84
    /// (HKD 188.16), then edited to 25.00 (HKD 196.00).</summary>
    private (Order Order, AlipayPlusPayment Payment) PlaceOrderPaidBeforeItsTotalWasEdited(decimal editedTotal = 25m)
    {
        var order = _world.PlaceOrder(totalInPrimary: 24m, customerCurrency: "HKD", rate: 7.84m);
        var payment = _world.AddPayment(order, intentId: "pi_edited", amountMinor: 18816);
        order.OrderTotal = editedTotal;
        return (order, payment);
    }

    private Task<SettlementOutcome> ApplySucceededAsync(AlipayPlusPayment payment,
        string source = "payment_intent.succeeded") =>
        _world.Get<PaymentSettlement>()
            .ApplyAsync(payment, SettlementKit.IntentFor(payment, PaymentIntentStatus.Succeeded), source);

    [Test]
    public async Task A_payment_for_an_order_whose_total_was_edited_after_the_attempt_opened_is_not_marked_paid()
    {
        var (order, payment) = PlaceOrderPaidBeforeItsTotalWasEdited();

        var first = await ApplySucceededAsync(payment);
        var again = await ApplySucceededAsync(payment, "return");

        var notes = _world.NotesOf(order).Select(note => note.Note).ToArray();
        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo(SettlementOutcome.ExtraPayment));
            Assert.That(again, Is.EqualTo(SettlementOutcome.ExtraPayment));
            Assert.That(_world.MarkedPaidCount(order), Is.Zero);
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(order.CaptureTransactionId, Is.Null);
            Assert.That(notes, Has.Length.EqualTo(1), string.Join(" | ", notes));
            Assert.That(notes[0],
                Does.Contain("pi_edited").And.Contain("188.16 HKD").And.Contain("196.00 HKD")
                    .And.Contain("NOT marked paid"));
            Assert.That(_world.LogLines.Count(line => line.StartsWith("error:") && line.Contains("pi_edited")),
                Is.EqualTo(1));
            Assert.That(payment.Status, Is.EqualTo(PaymentIntentStatus.Succeeded),
                "the attempt records what WooshPay says");
            Assert.That(await _world.Get<Nop.Plugin.Payments.AlipayPlus.Data.ClaimStore>()
                .GetAsync($"order-paid:{order.Id}"), Is.Null,
                "the order stays payable by another payment");
        });
    }

    [Test]
    public async Task A_payment_flagged_for_an_edited_total_never_pays_the_order_even_after_the_total_is_edited_back()
    {
        var (order, payment) = PlaceOrderPaidBeforeItsTotalWasEdited();
        await ApplySucceededAsync(payment);

        order.OrderTotal = 24m;
        var outcome = await ApplySucceededAsync(payment, "redelivery");

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SettlementOutcome.ExtraPayment));
            Assert.That(_world.MarkedPaidCount(order), Is.Zero,
                "the shop owner was told to refund it: it must not pay the order now");
            Assert.That(_world.NotesOf(order).Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task
        A_payment_of_the_edited_total_pays_the_order_and_the_differing_one_stays_flagged_without_a_second_note()
    {
        var (order, differing) = PlaceOrderPaidBeforeItsTotalWasEdited();
        await ApplySucceededAsync(differing);
        var matching = _world.AddPayment(order, intentId: "pi_new_total", amountMinor: 19600, attempt: 2);

        var paid = await ApplySucceededAsync(matching);
        var redelivered = await ApplySucceededAsync(differing, "redelivery");

        var notes = _world.NotesOf(order).Select(note => note.Note).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(paid, Is.EqualTo(SettlementOutcome.Paid));
            Assert.That(redelivered, Is.EqualTo(SettlementOutcome.ExtraPayment));
            Assert.That(order.CaptureTransactionId, Is.EqualTo("pi_new_total"));
            Assert.That(_world.MarkedPaidCount(order), Is.EqualTo(1));
            Assert.That(notes, Has.Length.EqualTo(2), string.Join(" | ", notes));
            Assert.That(notes, Has.None.Contains("paid twice"));
        });
    }

    [Test]
    public async Task The_panel_shows_a_payment_of_an_edited_total_as_differing_and_refunds_it_in_full_in_one_click()
    {
        var (order, payment) = PlaceOrderPaidBeforeItsTotalWasEdited();
        await ApplySucceededAsync(payment);
        RefundCreateRequest sent = null;
        _client.Setup(c => c.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((WooshPayAccount _, RefundCreateRequest request, string _, CancellationToken _) =>
            {
                sent = request;
                return SettlementKit.RefundOf(payment, "re_differing", request.Amount ?? 0, RefundStatus.Pending);
            });

        var before = (await PanelAsync(order)).Attempts.Single();
        var refund = await _world.Get<IRefundService>().RefundExtraPaymentAsync(order, payment.Attempt);
        var after = (await PanelAsync(order)).Attempts.Single();

        Assert.Multiple(() =>
        {
            Assert.That(before.AmountDiffers, Is.True);
            Assert.That(before.CanRefundExtra, Is.True);
            Assert.That(refund.Success, Is.True, string.Join("; ", refund.Errors));
            Assert.That(sent.PaymentIntent, Is.EqualTo("pi_edited"));
            Assert.That(sent.Amount, Is.EqualTo(18816), "the whole payment goes back");
            Assert.That(order.RefundedAmount, Is.Zero, "the order never counted it");
            Assert.That(after.CanRefundExtra, Is.False, "one click: the refund is under way");
        });
    }

    [Test]
    public async Task
        A_second_payment_for_an_already_paid_order_is_still_shown_as_an_extra_payment_not_as_a_differing_one()
    {
        await ApplyAsync(SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded));
        var second = _world.AddPayment(_order, intentId: "pi_second", attempt: 2);
        _order.OrderTotal = 90m;

        var outcome = await ApplySucceededAsync(second);

        var row = (await PanelAsync(_order)).Attempts.Single(attempt => attempt.Attempt == 2);
        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SettlementOutcome.ExtraPayment));
            Assert.That(row.ExtraPayment, Is.True);
            Assert.That(row.AmountDiffers, Is.False);
            Assert.That(Notes(), Has.One.Contains("paid twice"));
        });
    }

    private static IEnumerable<TestCaseData> UneditedOrders()
    {
        yield return new TestCaseData(33.33m, "HKD", 7.8m).SetName("An_unedited_HKD_order_at_7_8_is_paid");
        yield return new TestCaseData(24m, "HKD", 7.84m).SetName("An_unedited_HKD_order_at_7_84_is_paid");
        yield return new TestCaseData(1.25m, "HKD", 0.5m).SetName("An_unedited_order_on_a_half_minor_unit_is_paid");
        yield return new TestCaseData(0.07m, "HKD", 7.8123m).SetName("An_unedited_order_of_a_few_minor_units_is_paid");
        yield return new TestCaseData(12.34m, "IDR", 15678.9m).SetName("An_unedited_IDR_order_is_paid");
        yield return new TestCaseData(615.38m, "IDR", 16250.5m).SetName("An_unedited_large_IDR_order_is_paid");
        yield return new TestCaseData(19.99m, "MYR", 4.4321m).SetName("An_unedited_MYR_order_is_paid");
        yield return new TestCaseData(7.77m, "PHP", 58.123m).SetName("An_unedited_PHP_order_is_paid");
    }

    [TestCaseSource(nameof(UneditedOrders))]
    public async Task An_order_charged_as_the_checkout_charges_it_always_matches_its_payment(decimal total,
        string currency, decimal rate)
    {
        var order = _world.PlaceOrder(totalInPrimary: total, customerCurrency: currency, rate: rate);
        var charge = await _world.Get<IPresentmentCurrencyResolver>().GetChargeAsync(order, _world.Settings);
        var payment = _world.AddPayment(order, intentId: $"pi_{currency}", amountMinor: charge.AmountMinor,
            currency: charge.Currency.Code);

        var outcome = await ApplySucceededAsync(payment);

        Assert.That(charge.Currency.Code, Is.EqualTo(currency));
        Assert.That(outcome, Is.EqualTo(SettlementOutcome.Paid), $"{total} x {rate} charged as {charge.AmountMinor}");
        Assert.That(_world.MarkedPaidCount(order), Is.EqualTo(1));
    }

    private static IEnumerable<TestCaseData> OrdersReadBackWithFourDecimals()
    {
        // A primary currency whose rate is not 1: the checkout's rate is IDR 16,000 over HKD 7.8, stored as 2051.2821.
        yield return new TestCaseData(1000m, "IDR", 16000m / 7.8m)
            .SetName("An_order_whose_rate_the_database_rounded_is_paid");
        // A store that does not round prices: the checkout's total 12.344951 is stored as 12.3450.
        yield return new TestCaseData(12.344951m, "HKD", 1m)
            .SetName("An_order_whose_total_the_database_rounded_is_paid");
    }

    [TestCaseSource(nameof(OrdersReadBackWithFourDecimals))]
    public async Task
        An_order_charged_in_memory_and_read_back_with_four_decimals_still_matches_its_payment(
            decimal total, string currency, decimal rate)
    {
        var order = _world.PlaceOrder(totalInPrimary: total, customerCurrency: currency, rate: rate);
        var charge = await _world.Get<IPresentmentCurrencyResolver>().GetChargeAsync(order, _world.Settings);
        var payment = _world.AddPayment(order, intentId: "pi_stored", amountMinor: charge.AmountMinor,
            currency: currency);
        order.OrderTotal = Math.Round(total, 4);
        order.CurrencyRate = Math.Round(rate, 4);

        var outcome = await ApplySucceededAsync(payment);

        Assert.That(outcome, Is.EqualTo(SettlementOutcome.Paid),
            string.Join(" | ", _world.NotesOf(order).Select(note => note.Note)));
    }

    [Test]
    public async Task An_edit_of_one_cent_is_caught()
    {
        var (order, payment) = PlaceOrderPaidBeforeItsTotalWasEdited(editedTotal: 24.01m);

        var outcome = await ApplySucceededAsync(payment);

        Assert.That(outcome, Is.EqualTo(SettlementOutcome.ExtraPayment));
        Assert.That(_world.MarkedPaidCount(order), Is.Zero);
    }

    private async Task<OrderPaymentPanelModel> PanelAsync(Order order)
    {
        var panel = ActivatorUtilities.CreateInstance<OrderPaymentPanelViewComponent>(
            _world.Provider.CreateScope().ServiceProvider);
        var result = await panel.InvokeAsync("admin_order_details_block", new { order.Id });
        return (OrderPaymentPanelModel)((ViewViewComponentResult)result).ViewData!.Model;
    }
}
