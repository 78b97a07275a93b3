using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Components.Admin;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Models.Admin;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Settlement;

/// <summary>
/// The guarantees where they could fail: two store nodes with their own copies of every row, the plugin's tables
/// and the orders in one PostgreSQL, lockers that do not exclude, and processes that die between steps.
/// </summary>
public class ExactlyOnceOnFarmTests
{
    private Farm _farm;

    [TearDown]
    public async Task TearDown()
    {
        if (_farm is not null)
            await _farm.DisposeAsync();
    }

    [TestCase(FarmLocking.CheckThenSet)]
    [TestCase(FarmLocking.NeverExcluding)]
    public async Task The_same_payment_applied_on_two_nodes_at_once_marks_each_order_paid_once(FarmLocking locking)
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = locking });
        var orders = new List<(Order Order, AlipayPlusPayment Payment)>();
        for (var i = 0; i < 20; i++)
        {
            var order = await _farm.PlaceOrderAsync();
            orders.Add((order, await AddPaymentAsync(order, $"pi_race_{i}")));
        }

        // Each order's webhook reaches node A while its duplicate (or the shopper's return) reaches node B.
        await Task.WhenAll(
            orders.SelectMany(o => _farm.Nodes.Select(node => ApplyAsync(node, o.Payment, o.Order, "race"))));
        // WooshPay redelivers what was answered "busy"; every order ends paid.
        await Task.WhenAll(orders.Select(o => ApplyAsync(_farm[0], o.Payment, o.Order, "redelivery")));

        foreach (var (order, payment) in orders)
        {
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.EqualTo(1),
                $"order {order.Id} marked paid");
            Assert.That(await PaidNotesAsync(order.Id), Is.EqualTo(1), $"order {order.Id} paid notes");
            Assert.That((await _farm.NotesAsync(order.Id)).Count(n => n.Note.Contains("paid twice")), Is.Zero,
                $"order {order.Id} flagged as paid twice");
            Assert.That((await _farm.ReadOrderAsync(order.Id)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That((await _farm.Repository<AlipayPlusPayment>().GetByIdAsync(payment.Id)).Status,
                Is.EqualTo(PaymentIntentStatus.Succeeded));
        }
    }

    private static readonly object[] SettlementCrashes =
    [
        new object[] { "after the claim, before the intent is written on the order",
            (Action<FarmNode>)(n => n.CrashOn(FarmStep.BeforeUpdateOrder)) },
        new object[] { "after the intent is on the order, before it is marked paid",
            (Action<FarmNode>)(n => n.CrashOn(FarmStep.BeforeMarkOrderAsPaid)) },
        new object[] { "after it is marked paid, before the note",
            (Action<FarmNode>)(n => n.CrashOn(FarmStep.AfterMarkOrderAsPaid)) },
        new object[] { "after the note, before the claim is completed",
            (Action<FarmNode>)(n => n.CrashOn(FarmStep.AfterInsertOrderNote)) },
        new object[] { "after the claim is completed, before the attempt is recorded",
            (Action<FarmNode>)(n => n.CrashOnWrite<AlipayPlusPayment>(RepositoryWrite.Update, 1,
                CrashMoment.BeforeWrite)) }
    ];

    [TestCaseSource(nameof(SettlementCrashes))]
    public async Task
        A_settlement_cut_short_is_finished_by_the_next_delivery_on_another_node_without_repeating_an_effect(
            string step, Action<FarmNode> arm)
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });
        var order = await _farm.PlaceOrderAsync();
        var payment = await AddPaymentAsync(order, "pi_crash");

        arm(_farm[0]);
        Assert.ThrowsAsync<SimulatedCrashException>(
            () => ApplyAsync(_farm[0], payment, order, "webhook", swallowBusy: false), step);

        // WooshPay redelivers to the other node after the dead holder's lease ran out.
        _farm[1].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        await ApplyAsync(_farm[1], payment, order, "redelivery", swallowBusy: false);

        Assert.Multiple(async () =>
        {
            Assert.That(_farm[0].Crashes.Fired, Is.EqualTo(1), "the crash happened");
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.EqualTo(1),
                "marked paid once");
            Assert.That(await PaidNotesAsync(order.Id), Is.EqualTo(1), "one payment note");
            Assert.That((await _farm.ReadOrderAsync(order.Id)).CaptureTransactionId, Is.EqualTo("pi_crash"));
            Assert.That((await _farm.Repository<AlipayPlusPayment>().GetByIdAsync(payment.Id)).Status,
                Is.EqualTo(PaymentIntentStatus.Succeeded));
            Assert.That((await _farm.Repository<AlipayPlusClaim>().GetAllAsync())
                .All(c => c.CompletedOnUtc is not null),
                Is.True, "no claim left open");
        });
    }

    [Test]
    public async Task A_second_payment_for_an_order_already_paid_is_flagged_once_and_does_not_mark_it_again()
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });
        var order = await _farm.PlaceOrderAsync();
        var first = await AddPaymentAsync(order, "pi_first", attempt: 1);
        var second = await AddPaymentAsync(order, "pi_second", attempt: 2);

        var paid = await ApplyAsync(_farm[0], first, order, "webhook");
        var extra = await Task.WhenAll(_farm.Nodes.Select(node => ApplyAsync(node, second, order, "webhook")));

        Assert.That(paid, Is.EqualTo(SettlementOutcome.Paid));
        Assert.That(extra, Is.All.EqualTo(SettlementOutcome.ExtraPayment));
        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.EqualTo(1));
        var notes = await _farm.NotesAsync(order.Id);
        Assert.That(notes.Count(n => n.Note.Contains("pi_second") && n.Note.Contains("paid twice")), Is.EqualTo(1),
            "flagged once");
        Assert.That(_farm.Nodes
            .SelectMany(n => n.LogLines)
            .Count(l => l.StartsWith("error:") && l.Contains("paid twice")),
            Is.EqualTo(1));
    }

    [Test]
    public async Task A_second_payment_that_takes_over_a_crashed_first_one_finishes_its_note_and_only_it_is_flagged()
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });
        var order = await _farm.PlaceOrderAsync();
        var first = await AddPaymentAsync(order, "pi_first", attempt: 1);
        var second = await AddPaymentAsync(order, "pi_second", attempt: 2);

        // The first payment's node dies right after marking the order paid.
        _farm[0].CrashOn(FarmStep.AfterMarkOrderAsPaid);
        Assert.ThrowsAsync<SimulatedCrashException>(
            () => ApplyAsync(_farm[0], first, order, "webhook", swallowBusy: false));

        // The shopper had paid a second time; its webhook reaches the other node after the lease.
        _farm[1].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        var secondOutcome = await ApplyAsync(_farm[1], second, order, "webhook", swallowBusy: false);
        var firstOutcome = await ApplyAsync(_farm[1], first, order, "redelivery", swallowBusy: false);

        var notes = await _farm.NotesAsync(order.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(secondOutcome, Is.EqualTo(SettlementOutcome.ExtraPayment));
            Assert.That(firstOutcome, Is.EqualTo(SettlementOutcome.AlreadyPaid),
                "the first payment paid the order; it is not the extra one");
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.EqualTo(1));
            Assert.That(notes.Count(n => n.Note.Contains("pi_first succeeded")), Is.EqualTo(1),
                "the crashed holder's note, once");
            Assert.That(notes.Count(n => n.Note.Contains("paid twice")), Is.EqualTo(1));
            Assert.That(notes.Single(n => n.Note.Contains("paid twice")).Note, Does.Contain("pi_second"));
        });
    }

    [Test]
    public async Task A_payment_for_an_order_the_admin_marked_paid_by_hand_is_flagged_as_an_extra_payment()
    {
        _farm = await Farm.StartAsync();
        var order = await _farm.PlaceOrderAsync();
        var payment = await AddPaymentAsync(order, "pi_late");
        order.PaymentStatus = PaymentStatus.Paid;
        await _farm.Repository<Order>().UpdateAsync(order);

        var outcome = await ApplyAsync(_farm[1], payment, order, "webhook");

        Assert.That(outcome, Is.EqualTo(SettlementOutcome.ExtraPayment));
        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.Zero);
        Assert.That(await _farm.NotesAsync(order.Id), Has.One.Matches<OrderNote>(n => n.Note.Contains("paid twice")));
    }

    [TestCase(FarmLocking.CheckThenSet)]
    [TestCase(FarmLocking.NeverExcluding)]
    public async Task
        A_payment_for_a_total_edited_after_the_attempt_opened_is_not_marked_paid_and_flagged_once_on_two_nodes(
            FarmLocking locking)
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = locking });
        var (order, payment) = await PlaceOrderWhoseTotalIsEditedAfterItsAttemptAsync();

        // The webhook and its duplicate (or the shopper's return) reach
        // both nodes at once, then WooshPay delivers again.
        var outcomes = await Task.WhenAll(_farm.Nodes.Select(node => ApplyAsync(node, payment, order, "webhook")));
        var redelivered = await ApplyAsync(_farm[0], payment, order, "redelivery");

        var notes = await _farm.NotesAsync(order.Id);
        var panel = await PanelAsync(_farm[1], order.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(outcomes,
                Has.All.Matches<SettlementOutcome?>(o => o is null or SettlementOutcome.ExtraPayment));
            Assert.That(redelivered, Is.EqualTo(SettlementOutcome.ExtraPayment));
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.Zero,
                "never marked paid");
            Assert.That((await _farm.ReadOrderAsync(order.Id)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(notes, Has.Count.EqualTo(1), string.Join(" | ", notes.Select(n => n.Note)));
            Assert.That(notes[0].Note,
                Does.Contain("188.16 HKD").And.Contain("196.00 HKD").And.Contain("NOT marked paid"));
            Assert.That(_farm.Nodes
                .SelectMany(n => n.LogLines)
                .Count(l => l.StartsWith("error:") && l.Contains("pi_edited")),
                Is.EqualTo(1));
            Assert.That(panel.Attempts.Single().AmountDiffers, Is.True, "flagged in the panel");
            Assert.That(panel.Attempts.Single().CanRefundExtra, Is.True, "with the one-click refund");
            Assert.That((await _farm.Repository<AlipayPlusClaim>().GetAllAsync())
                .All(c => c.CompletedOnUtc is not null),
                Is.True, "no claim left open");
        });
    }

    private static readonly object[] EditedTotalCrashes =
    [
        new object[] { "after the note, before the flag is completed",
            (Action<FarmNode>)(n => n.CrashOn(FarmStep.AfterInsertOrderNote)) },
        new object[] { "after the flag is completed, before the order's claim is given back",
            (Action<FarmNode>)(n => n.CrashOnWrite<AlipayPlusClaim>(RepositoryWrite.Delete, 1,
                CrashMoment.BeforeWrite)) }
    ];

    [TestCaseSource(nameof(EditedTotalCrashes))]
    public async Task
        A_flag_for_an_edited_total_cut_short_is_finished_by_the_next_delivery_on_another_node_with_one_note(
            string step, Action<FarmNode> arm)
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });
        var (order, payment) = await PlaceOrderWhoseTotalIsEditedAfterItsAttemptAsync();

        arm(_farm[0]);
        Assert.ThrowsAsync<SimulatedCrashException>(
            () => ApplyAsync(_farm[0], payment, order, "webhook", swallowBusy: false), step);
        _farm[1].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        var outcome = await ApplyAsync(_farm[1], payment, order, "redelivery", swallowBusy: false);

        var notes = await _farm.NotesAsync(order.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(_farm[0].Crashes.Fired, Is.EqualTo(1), "the crash happened");
            Assert.That(outcome, Is.EqualTo(SettlementOutcome.ExtraPayment));
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.Zero);
            Assert.That(notes.Count(n => n.Note.Contains("pi_edited")), Is.EqualTo(1),
                string.Join(" | ", notes.Select(n => n.Note)));
            Assert.That(await _farm.Repository<AlipayPlusClaim>()
                .GetAllAsync(q => q.Where(c => c.ClaimKey == $"order-paid:{order.Id}")), Is.Empty,
                "the order's claim is given back, so another payment can still pay it");
        });
    }

    /// <summary>A real store's case: 24.00 USD placed in HKD at 7.84 (HKD 188.16),
    /// edited to 25.00 (HKD 196.00) before the shopper paid.</summary>
    private async Task<(Order Order, AlipayPlusPayment Payment)> PlaceOrderWhoseTotalIsEditedAfterItsAttemptAsync()
    {
        var order = await _farm.PlaceOrderAsync(totalInPrimary: 24m, customerCurrency: "HKD", rate: 7.84m);
        var payment = await AddPaymentAsync(order, "pi_edited", amountMinor: 18816);
        var edited = await _farm.ReadOrderAsync(order.Id);
        edited.OrderTotal = 25m;
        await _farm.Repository<Order>().UpdateAsync(edited);
        return (order, payment);
    }

    private static async Task<OrderPaymentPanelModel> PanelAsync(FarmNode node, int orderId)
    {
        using var scope = node.Provider.CreateScope();
        var panel = ActivatorUtilities.CreateInstance<OrderPaymentPanelViewComponent>(scope.ServiceProvider);
        var result = await panel.InvokeAsync("admin_order_details_block", new { Id = orderId });
        return (OrderPaymentPanelModel)((ViewViewComponentResult)result).ViewData!.Model;
    }

    private static readonly object[] RefundCrashes =
    [
        new object[] { "after the record, before the offline refund",
            (Action<FarmNode>)(n => n.CrashOn(FarmStep.BeforePartiallyRefundOffline)) },
        new object[] { "after the offline refund, before the note",
            (Action<FarmNode>)(n => n.CrashOn(FarmStep.AfterPartiallyRefundOffline)) },
        new object[] { "after the note, before the booking is recorded",
            (Action<FarmNode>)(n => n.CrashOn(FarmStep.AfterInsertOrderNote)) }
    ];

    [TestCaseSource(nameof(RefundCrashes))]
    public async Task A_dashboard_refund_cut_short_is_booked_on_the_order_once_by_the_redelivery(string step,
        Action<FarmNode> arm)
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });
        var order = await _farm.PlaceOrderAsync();
        var payment = await AddPaymentAsync(order, "pi_refunded");
        await ApplyAsync(_farm[0], payment, order, "webhook");
        var refund = SettlementKit.RefundOf(payment, "re_dash", 7800, RefundStatus.Succeeded);

        arm(_farm[0]);
        Assert.ThrowsAsync<SimulatedCrashException>(
            () => _farm[0].Get<RefundSettlement>().ApplyAsync(refund, "charge.refund.updated"), step);
        _farm[1].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        await _farm[1].Get<RefundSettlement>().ApplyAsync(refund, "charge.refund.updated");
        // And once more, as WooshPay may deliver it again.
        await _farm[0].Get<RefundSettlement>().ApplyAsync(refund, "charge.refund.updated");

        var after = await _farm.ReadOrderAsync(order.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(_farm[0].Crashes.Fired, Is.EqualTo(1), "the crash happened");
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.PartiallyRefundOffline), Is.EqualTo(1),
                "refunded offline once");
            Assert.That(after.RefundedAmount, Is.EqualTo(10m), "HKD 78.00 at 7.8 is 10.00");
            Assert.That((await _farm.NotesAsync(order.Id)).Count(n => n.Note.Contains("re_dash")), Is.EqualTo(1),
                "one note");
            var record = (await _farm.Repository<AlipayPlusRefund>().GetAllAsync()).Single();
            Assert.That(record.BookedOnOrder, Is.True);
            Assert.That(record.Status, Is.EqualTo(RefundStatus.Succeeded));
        });
    }

    [Test]
    public async Task A_dashboard_refund_delivered_to_two_nodes_at_once_is_booked_once()
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });
        var order = await _farm.PlaceOrderAsync();
        var payment = await AddPaymentAsync(order, "pi_twice");
        await ApplyAsync(_farm[0], payment, order, "webhook");
        var refund = SettlementKit.RefundOf(payment, "re_twice", 7800, RefundStatus.Succeeded);

        await Task.WhenAll(_farm.Nodes.Select(async node =>
        {
            try { await node.Get<RefundSettlement>().ApplyAsync(refund, "charge.refund.updated"); }
            catch (OrderBusyException) { }
        }));
        await _farm[0].Get<RefundSettlement>().ApplyAsync(refund, "charge.refund.updated");

        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.PartiallyRefundOffline), Is.EqualTo(1));
        Assert.That((await _farm.ReadOrderAsync(order.Id)).RefundedAmount, Is.EqualTo(10m));
        Assert.That(await _farm.Repository<AlipayPlusRefund>().GetAllAsync(), Has.Count.EqualTo(1));
    }

    private static readonly object[] AdminRefundCrashes =
    [
        new object[] { "after the plugin's answer, before nopCommerce counts the refund",
            FarmStep.BeforeNopCommerceCountsRefund, 0m },
        new object[] { "after nopCommerce counted the refund, before its OrderRefundedEvent",
            FarmStep.BeforeOrderRefundedEvent, 10m }
    ];

    [TestCaseSource(nameof(AdminRefundCrashes))]
    public async Task
        An_admin_refund_whose_server_dies_before_nopCommerce_is_done_is_counted_once_by_the_refunds_redelivery(
        string step, FarmStep crash, decimal countedBeforeTheCrash)
    {
        var (order, payment) = await PaidOrderWithRefundsAnsweredAsync(RefundStatus.Succeeded);

        _farm[0].CrashOn(crash);
        Assert.ThrowsAsync<SimulatedCrashException>(() => _farm[0].AdminRefundAsync(order, 10m, isPartial: true), step);
        Assert.That((await _farm.ReadOrderAsync(order.Id)).RefundedAmount, Is.EqualTo(countedBeforeTheCrash),
            "what the crash left");

        // WooshPay's notice of the refund within the dead server's lease: it cannot tell yet, so it waits.
        var notice = SettlementKit.RefundOf(payment, "re_admin", 7800, RefundStatus.Succeeded);
        notice.Metadata =
            new Dictionary<string, string> { [AttemptMetadata.RefundKey] = (await SingleRefundAsync()).IdempotencyKey };
        Assert.ThrowsAsync<OrderBusyException>(
            () => _farm[1].Get<RefundSettlement>().ApplyAsync(notice, "refund.succeeded"));

        // Redelivered after the lease, to either node, twice.
        foreach (var node in _farm.Nodes)
        {
            node.Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
            await node.Get<RefundSettlement>().ApplyAsync(notice, "refund.succeeded");
        }

        var after = await _farm.ReadOrderAsync(order.Id);
        var record = await SingleRefundAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(_farm[0].Crashes.Fired, Is.EqualTo(1), "the crash happened");
            Assert.That(after.RefundedAmount, Is.EqualTo(10m), "the refund counted once");
            Assert.That(after.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            var offline = await _farm.EffectsAsync(order.Id, ShopOrderEffect.PartiallyRefundOffline);
            var counted = await _farm.EffectsAsync(order.Id, ShopOrderEffect.AcceptedRefund);
            Assert.That(offline + counted, Is.EqualTo(1), "booked by nopCommerce or offline, not both");
            Assert.That(record.Status, Is.EqualTo(RefundStatus.Succeeded));
            Assert.That(await _farm.Repository<AlipayPlusClaim>()
                .GetAllAsync(q => q.Where(c => c.ClaimKey == ClaimKeys.RefundBooked(record.Id))),
                Has.One.Matches<AlipayPlusClaim>(c => c.CompletedOnUtc != null), "the booking is done");
        });
    }

    [Test]
    public async Task An_admin_refund_is_done_when_nopCommerce_has_counted_it_and_its_notice_books_nothing_more()
    {
        var (order, payment) = await PaidOrderWithRefundsAnsweredAsync(RefundStatus.Succeeded);

        var result = await _farm[0].AdminRefundAsync(order, 10m, isPartial: true);
        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        var record = await SingleRefundAsync();
        var notice = SettlementKit.RefundOf(payment, "re_admin", 7800, RefundStatus.Succeeded);
        await _farm[1].Get<RefundSettlement>().ApplyAsync(notice, "refund.succeeded");

        Assert.Multiple(async () =>
        {
            Assert.That((await _farm.ReadOrderAsync(order.Id)).RefundedAmount, Is.EqualTo(10m));
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.PartiallyRefundOffline), Is.Zero);
            Assert.That((await _farm.Repository<AlipayPlusClaim>()
                .GetAllAsync(q => q.Where(c => c.ClaimKey == ClaimKeys.RefundBooked(record.Id))))
                .Single().CompletedOnUtc, Is.Not.Null,
                "completed by nopCommerce's OrderRefundedEvent, no lease waited for");
        });
    }

    [Test]
    public async Task
        Two_admin_refunds_of_one_order_whose_servers_died_before_nopCommerce_counted_them_are_each_booked_once()
    {
        var (order, payment) = await PaidOrderWithRefundsAnsweredAsync(RefundStatus.Succeeded);

        // 10.00 and then 25.00, each on a server that dies right after the plugin's answer.
        _farm[0].CrashOn(FarmStep.BeforeNopCommerceCountsRefund);
        Assert.ThrowsAsync<SimulatedCrashException>(() => _farm[0].AdminRefundAsync(order, 10m, isPartial: true));
        _farm[1].CrashOn(FarmStep.BeforeNopCommerceCountsRefund);
        Assert.ThrowsAsync<SimulatedCrashException>(async () => _ = await _farm[1]
            .AdminRefundAsync(await _farm.ReadOrderAsync(order.Id), 25m, isPartial: true));

        // The later refund's notice is taken over first: its offline
        // booking must not make the earlier one look counted.
        var records = (await _farm.Repository<AlipayPlusRefund>().GetAllAsync()).OrderBy(r => r.Id).ToList();
        _farm[0].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        foreach (var record in records.AsEnumerable().Reverse())
            await _farm[0].Get<RefundSettlement>().ApplyAsync(SettlementKit.RefundOf(payment, record.RefundId,
                record.AmountMinor, RefundStatus.Succeeded), "refund.succeeded");

        var after = await _farm.ReadOrderAsync(order.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(_farm[0].Crashes.Fired + _farm[1].Crashes.Fired, Is.EqualTo(2), "both servers died");
            Assert.That(after.RefundedAmount, Is.EqualTo(35m), "both refunds counted, each once");
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.PartiallyRefundOffline), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task
        An_admin_refund_cut_short_right_after_its_booking_claim_is_resumed_by_the_next_click_and_counted_once()
    {
        var (order, payment) = await PaidOrderWithRefundsAnsweredAsync(RefundStatus.Succeeded);

        // The server dies once the booking is claimed, before the answer is recorded: the refund was made at WooshPay,
        // its record still says "creating", and nopCommerce never heard back.
        _farm[0].CrashOnWrite<AlipayPlusRefund>(RepositoryWrite.Update, moment: CrashMoment.BeforeWrite);
        Assert.ThrowsAsync<SimulatedCrashException>(() => _farm[0].AdminRefundAsync(order, 10m, isPartial: true));
        Assert.That((await SingleRefundAsync()).Status, Is.EqualTo(RefundRecordStatus.Creating), "what the crash left");

        // Past the dead server's lease the admin asks again for the same amount, on the other server; then WooshPay's
        // notice of the refund arrives.
        _farm[1].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        var result = await _farm[1].AdminRefundAsync(await _farm.ReadOrderAsync(order.Id), 10m, isPartial: true);
        var record = await SingleRefundAsync();
        var notice = SettlementKit.RefundOf(payment, "re_admin", 7800, RefundStatus.Succeeded);
        notice.Metadata = new Dictionary<string, string> { [AttemptMetadata.RefundKey] = record.IdempotencyKey };
        await _farm[1].Get<RefundSettlement>().ApplyAsync(notice, "refund.succeeded");

        var after = await _farm.ReadOrderAsync(order.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
            Assert.That(_farm[0].Crashes.Fired, Is.EqualTo(1), "the crash happened");
            Assert.That(after.RefundedAmount, Is.EqualTo(10m), "the refund counted once");
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.AcceptedRefund), Is.EqualTo(1),
                "counted by nopCommerce");
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.PartiallyRefundOffline), Is.Zero,
                "not booked offline too");
            Assert.That(record.RefundId, Is.EqualTo("re_admin"), "the same refund, resumed under its key");
            Assert.That(record.Status, Is.EqualTo(RefundStatus.Succeeded));
            Assert.That((await _farm.Repository<AlipayPlusClaim>().GetAllAsync()).Where(c => c.CompletedOnUtc == null),
                Is.Empty,
                "no claim left open");
        });
    }

    [TestCaseSource(nameof(AdminRefundCrashes))]
    public async Task An_admin_refund_whose_server_died_and_which_then_failed_leaves_the_order_counting_nothing(
        string step, FarmStep crash, decimal countedBeforeTheCrash)
    {
        var (order, payment) = await PaidOrderWithRefundsAnsweredAsync(RefundStatus.Pending);

        _farm[0].CrashOn(crash);
        Assert.ThrowsAsync<SimulatedCrashException>(() => _farm[0].AdminRefundAsync(order, 10m, isPartial: true), step);
        Assert.That((await _farm.ReadOrderAsync(order.Id)).RefundedAmount, Is.EqualTo(countedBeforeTheCrash),
            "what the crash left");

        var failed = SettlementKit.RefundOf(payment, "re_admin", 7800, RefundStatus.Failed, "insufficient_funds");
        _farm[1].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        await _farm[1].Get<RefundSettlement>().ApplyAsync(failed, "refund.failed");
        await _farm[1].Get<RefundSettlement>().ApplyAsync(failed, "refund.failed");

        var after = await _farm.ReadOrderAsync(order.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(after.RefundedAmount, Is.Zero, "nothing went back to the shopper");
            Assert.That(after.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.PartiallyRefundOffline), Is.Zero);
            Assert.That((await SingleRefundAsync()).Status, Is.EqualTo(RefundStatus.Failed));
            Assert.That((await _farm.Repository<AlipayPlusClaim>().GetAllAsync()).Where(c => c.CompletedOnUtc == null),
                Is.Empty, "no claim left open");
        });
    }

    /// <summary>A paid order on a farm whose WooshPay answers every
    /// refund request with <paramref name="answer"/>.</summary>
    private async Task<(Order Order, AlipayPlusPayment Payment)> PaidOrderWithRefundsAnsweredAsync(string answer)
    {
        var gateway = new Mock<IWooshPayClient>();
        _farm = await Farm.StartAsync(new FarmOptions
        {
            Locking = FarmLocking.NeverExcluding,
            Configure = (_, services) => services.AddSingleton(gateway.Object)
        });
        var order = await _farm.PlaceOrderAsync();
        var payment = await AddPaymentAsync(order, "pi_admin_refund");
        await ApplyAsync(_farm[0], payment, order, "webhook");
        RefundingGateway.AnswerRefunds(gateway, () => payment, answer);
        return (await _farm.ReadOrderAsync(order.Id), payment);
    }

    private async Task<AlipayPlusRefund> SingleRefundAsync() =>
        (await _farm.Repository<AlipayPlusRefund>().GetAllAsync()).Single();

    private async Task<AlipayPlusPayment> AddPaymentAsync(Order order, string intentId, int attempt = 1,
        long amountMinor = SettlementKit.DefaultChargeMinor)
    {
        var payment = new AlipayPlusPayment
        {
            StoreId = order.StoreId, OrderId = order.Id, OrderGuid = order.OrderGuid, Attempt = attempt,
            Flow = PaymentFlow.PaymentIntent,
            PaymentIntentId = intentId, RedirectUrl = $"https://cashier.example/{intentId}", Currency = "HKD",
            AmountMinor = amountMinor, Status = PaymentIntentStatus.RequiresAction,
            CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        };
        await _farm.Repository<AlipayPlusPayment>().InsertAsync(payment);
        return payment;
    }

    /// <summary>One node applies its own copy of the attempt, as a webhook or a return on that server would.</summary>
    private async Task<SettlementOutcome?> ApplyAsync(FarmNode node, AlipayPlusPayment payment, Order order,
        string source, bool swallowBusy = true)
    {
        var copy = await _farm.Repository<AlipayPlusPayment>().GetByIdAsync(payment.Id);
        try
        {
            return await node.Get<PaymentSettlement>()
                .ApplyAsync(copy, SettlementKit.IntentFor(copy, PaymentIntentStatus.Succeeded, order), source);
        }
        catch (OrderBusyException) when (swallowBusy)
        {
            // Answered 503: WooshPay delivers it again.
            return null;
        }
    }

    private async Task<int> PaidNotesAsync(int orderId) =>
        (await _farm.NotesAsync(orderId)).Count(n => n.Note.Contains(" succeeded: ", StringComparison.Ordinal));
}
