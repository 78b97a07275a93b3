using Microsoft.Extensions.DependencyInjection;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Refunds;

/// <summary>
/// nopCommerce writes an order whole from the copy its request read, so a refund booked on the order by one
/// request can be overwritten by another's (the soak's order 1155: an offline booking of a refund whose answer
/// was lost, overwritten by nopCommerce's count of the admin's next refund). The refunds whose bookings are done
/// say what the order must count; the shortfall is booked back once.
/// </summary>
public class LostRefundBookingOnFarmTests
{
    private const string RestoredNote = "was booked back";

    private Farm _farm;
    private AlipayPlusPayment _payment;

    [TearDown]
    public async Task TearDown()
    {
        if (_farm is not null)
            await _farm.DisposeAsync();
    }

    [Test]
    public async Task A_dashboard_refund_overwritten_by_the_admins_refund_from_an_older_copy_is_booked_back_once()
    {
        var order = await PaidOrderAsync();

        // The admin's request reads the order; then a dashboard refund of HKD 78.00 (10.00) is booked offline on
        // the other node; then the admin's refund of 25.00 is counted by nopCommerce on the copy read before it.
        var adminsCopy = await _farm.ReadOrderAsync(order.Id);
        await _farm[1].Get<RefundSettlement>().ApplyAsync(
            SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Succeeded), "charge.refund.updated");
        var result = await _farm[0].AdminRefundAsync(adminsCopy, 25m, isPartial: true);

        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        await AssertRestoredOnceAsync(order.Id, expectedRefunded: 35m, lost: 10m, offlineBookings: 2);
    }

    [Test]
    public async Task An_unanswered_admin_refund_booked_from_its_notice_then_overwritten_by_the_next_is_booked_back()
    {
        var order = await PaidOrderAsync();

        // The soak's order: the admin's first refund (HKD 729.85, 93.57) was made but its answer was lost (the
        // record stays "creating"); the admin's next request reads the order; the first refund's notice books it
        // offline on the other node; then nopCommerce counts the second refund (36.75) on its older copy.
        _farm[0].CrashOnWrite<AlipayPlusRefund>(RepositoryWrite.Update, moment: CrashMoment.BeforeWrite);
        Assert.ThrowsAsync<SimulatedCrashException>(() => _farm[0].AdminRefundAsync(order, 93.57m, isPartial: true));
        var first = (await _farm.Repository<AlipayPlusRefund>().GetAllAsync()).Single();
        var adminsCopy = await _farm.ReadOrderAsync(order.Id);
        var notice = SettlementKit.RefundOf(_payment, "re_admin", first.AmountMinor, RefundStatus.Succeeded);
        notice.Metadata = new Dictionary<string, string> { [AttemptMetadata.RefundKey] = first.IdempotencyKey };
        _farm[1].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        await _farm[1].Get<RefundSettlement>().ApplyAsync(notice, "refund.succeeded");
        var result = await _farm[0].AdminRefundAsync(adminsCopy, 36.75m, isPartial: true);

        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        await AssertRestoredOnceAsync(order.Id, expectedRefunded: 130.32m, lost: 93.57m, offlineBookings: 2);
    }

    [Test]
    public async Task The_admins_refund_overwritten_by_an_offline_booking_from_an_older_copy_is_booked_back_once()
    {
        var order = await PaidOrderAsync();

        // The dashboard refund's booking on node B has read the order fresh and is about to write it; the admin's
        // refund of 25.00 is counted by nopCommerce on node A right then; node B's write of its older copy follows.
        var adminRan = 0;
        _farm[1].OrderProcessing.Setup(s => s.PartiallyRefundOfflineAsync(It.IsAny<Order>(), It.IsAny<decimal>()))
            .Returns(async (Order copy, decimal amount) =>
            {
                if (Interlocked.Exchange(ref adminRan, 1) == 0)
                {
                    var admin = await _farm[0].AdminRefundAsync(await _farm.ReadOrderAsync(order.Id), 25m, true);
                    Assert.That(admin.Success, Is.True, string.Join("; ", admin.Errors));
                }

                copy.RefundedAmount += amount;
                copy.PaymentStatus = PaymentStatus.PartiallyRefunded;
                await _farm.Repository<Order>().UpdateAsync(copy);
                await _farm.Repository<ShopOrderEffect>().InsertAsync(new ShopOrderEffect
                {
                    OrderId = copy.Id, Kind = ShopOrderEffect.PartiallyRefundOffline, Amount = amount,
                    Node = _farm[1].Name, CreatedOnUtc = DateTime.UtcNow
                });
            });
        await _farm[1].Get<RefundSettlement>().ApplyAsync(
            SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Succeeded), "charge.refund.updated");

        Assert.That(adminRan, Is.EqualTo(1), "the admin's refund ran inside the offline booking");
        await AssertRestoredOnceAsync(order.Id, expectedRefunded: 35m, lost: 25m, offlineBookings: 2);
    }

    [Test]
    public async Task A_dashboard_refund_nopCommerce_refused_to_book_is_not_booked_back()
    {
        var order = await PaidOrderAsync();

        // nopCommerce refuses the dashboard refund's offline booking: its claim completes with nothing on the order.
        _farm[1].OrderProcessing.Setup(s => s.CanPartiallyRefundOffline(It.IsAny<Order>(), It.IsAny<decimal>()))
            .Returns(false);
        _farm[1].OrderProcessing.Setup(s => s.CanRefundOffline(It.IsAny<Order>())).Returns(false);
        await _farm[1].Get<RefundSettlement>().ApplyAsync(
            SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Succeeded), "charge.refund.updated");

        var restored = await Task.WhenAll(_farm.Nodes.Select(node =>
            node.Get<RefundSettlement>().RestoreLostBookingsAsync(order.Id)));

        await AssertNothingRestoredAsync(order.Id, restored, expectedRefunded: 0m);
    }

    [Test]
    public async Task A_refund_being_reversed_whose_amount_is_already_taken_out_is_not_booked_back()
    {
        var order = await PaidOrderAsync(RefundStatus.Pending);
        var result = await _farm[0].AdminRefundAsync(order, 10m, isPartial: true);
        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));

        // WooshPay reports the refund failed; the reversal takes the 10.00 out and its server dies before it
        // completes its claim.
        _farm[0].Clock.Advance(TimeSpan.FromSeconds(10));
        _farm[0].CrashOn(FarmStep.AfterUpdateOrder);
        Assert.ThrowsAsync<SimulatedCrashException>(() => _farm[0].Get<RefundSettlement>().ApplyAsync(
            SettlementKit.RefundOf(_payment, "re_admin", 7800, RefundStatus.Failed, "insufficient_funds"),
            "refund.failed"));
        Assert.That((await _farm.ReadOrderAsync(order.Id)).RefundedAmount, Is.Zero, "what the crash left");

        var restored = await Task.WhenAll(_farm.Nodes.Select(node =>
            node.Get<RefundSettlement>().RestoreLostBookingsAsync(order.Id)));

        await AssertNothingRestoredAsync(order.Id, restored, expectedRefunded: 0m);
    }

    [Test]
    public async Task An_admin_refund_whose_booking_is_still_held_is_not_booked_back()
    {
        var order = await PaidOrderAsync();

        // The plugin answered and claimed the booking; nopCommerce has not counted the refund yet (its server died
        // there, within its lease): the order does not count it and must not be made to.
        _farm[0].CrashOn(FarmStep.BeforeNopCommerceCountsRefund);
        Assert.ThrowsAsync<SimulatedCrashException>(() => _farm[0].AdminRefundAsync(order, 10m, isPartial: true));

        var restored = await Task.WhenAll(_farm.Nodes.Select(node =>
            node.Get<RefundSettlement>().RestoreLostBookingsAsync(order.Id)));

        await AssertNothingRestoredAsync(order.Id, restored, expectedRefunded: 0m);
    }

    [Test]
    public async Task Two_nodes_restoring_the_same_lost_booking_at_once_book_it_once()
    {
        var order = await PaidOrderAsync();
        await LoseADashboardBookingAsync(order);

        for (var round = 0; round < 5; round++)
            await Task.WhenAll(_farm.Nodes.Select(node =>
                node.Get<RefundSettlement>().RestoreLostBookingsAsync(order.Id)));

        await AssertRestoredOnceAsync(order.Id, expectedRefunded: 10m, lost: 10m, offlineBookings: 2);
    }

    [Test]
    public async Task A_restore_cut_short_after_its_booking_is_finished_by_another_node_without_booking_again()
    {
        var order = await PaidOrderAsync();
        await LoseADashboardBookingAsync(order);

        _farm[0].CrashOn(FarmStep.AfterPartiallyRefundOffline);
        Assert.ThrowsAsync<SimulatedCrashException>(() =>
            _farm[0].Get<RefundSettlement>().RestoreLostBookingsAsync(order.Id));
        // Within the dead holder's lease the order counts everything: nothing to do.
        Assert.That(await _farm[1].Get<RefundSettlement>().RestoreLostBookingsAsync(order.Id), Is.False);
        _farm[1].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        await _farm[1].Get<RefundSettlement>().ResumeRestoresAsync();

        Assert.That(_farm[0].Crashes.Fired, Is.EqualTo(1), "the crash happened");
        await AssertRestoredOnceAsync(order.Id, expectedRefunded: 10m, lost: 10m, offlineBookings: 2);
    }

    /// <summary>A dashboard refund of 10.00 booked offline, then overwritten by a write of an older copy.</summary>
    private async Task LoseADashboardBookingAsync(Order order)
    {
        var olderCopy = await _farm.ReadOrderAsync(order.Id);
        await _farm[1].Get<RefundSettlement>().ApplyAsync(
            SettlementKit.RefundOf(_payment, "re_dash", 7800, RefundStatus.Succeeded), "charge.refund.updated");
        await _farm.Repository<Order>().UpdateAsync(olderCopy);
        Assert.That((await _farm.ReadOrderAsync(order.Id)).RefundedAmount, Is.Zero, "the booking was lost");
    }

    private async Task AssertRestoredOnceAsync(int orderId, decimal expectedRefunded, decimal lost,
        int offlineBookings)
    {
        var after = await _farm.ReadOrderAsync(orderId);
        var notes = await _farm.NotesAsync(orderId);
        var effects = await _farm.EffectsAsync(orderId);
        Assert.Multiple(async () =>
        {
            Assert.That(after.RefundedAmount, Is.EqualTo(expectedRefunded), "the order counts every refund");
            Assert.That(notes.Count(n => n.Note.Contains(RestoredNote)), Is.EqualTo(1),
                string.Join(" | ", notes.Select(n => n.Note)));
            Assert.That(notes.Single(n => n.Note.Contains(RestoredNote)).Note, Does.Contain($"{lost:0.00} was booked"));
            Assert.That(effects.Count(e => e.Kind == ShopOrderEffect.PartiallyRefundOffline),
                Is.EqualTo(offlineBookings),
                string.Join(" | ", effects.Select(e => $"{e.Kind} {e.Amount} {e.Node}")));
            Assert.That(effects.Count(e => e.Kind == ShopOrderEffect.PartiallyRefundOffline && e.Amount == lost),
                Is.GreaterThanOrEqualTo(1), "the lost amount booked back");
            Assert.That(_farm.Nodes.SelectMany(n => n.LogLines).Count(l => l.StartsWith("warning:")
                && l.Contains("booked back")), Is.EqualTo(1));
            Assert.That((await _farm.Repository<AlipayPlusClaim>().GetAllAsync())
                .Where(c => c.CompletedOnUtc == null && c.ClaimKey.StartsWith("refunds-restored:")), Is.Empty,
                "no restore left open");
        });
    }

    private async Task AssertNothingRestoredAsync(int orderId, bool[] restored, decimal expectedRefunded)
    {
        var after = await _farm.ReadOrderAsync(orderId);
        Assert.Multiple(async () =>
        {
            Assert.That(restored, Has.All.False);
            Assert.That(after.RefundedAmount, Is.EqualTo(expectedRefunded));
            Assert.That(await _farm.EffectsAsync(orderId, ShopOrderEffect.PartiallyRefundOffline), Is.Zero);
            Assert.That((await _farm.NotesAsync(orderId)).Where(n => n.Note.Contains(RestoredNote)), Is.Empty);
        });
    }

    /// <summary>
    /// A paid order of 283.40 USD placed in HKD at 7.8 (HKD 2,210.52) on a farm whose WooshPay answers every refund
    /// request with <paramref name="answer"/>.
    /// </summary>
    private async Task<Order> PaidOrderAsync(string answer = RefundStatus.Succeeded)
    {
        var gateway = new Mock<IWooshPayClient>();
        _farm = await Farm.StartAsync(new FarmOptions
        {
            Locking = FarmLocking.NeverExcluding,
            Configure = (_, services) => services.AddSingleton(gateway.Object)
        });
        var order = await _farm.PlaceOrderAsync(totalInPrimary: 283.40m);
        _payment = new AlipayPlusPayment
        {
            StoreId = order.StoreId, OrderId = order.Id, OrderGuid = order.OrderGuid, Attempt = 1,
            Flow = PaymentFlow.PaymentIntent, PaymentIntentId = "pi_lost_booking",
            RedirectUrl = "https://cashier.example/pi_lost_booking", Currency = "HKD", AmountMinor = 221052,
            Status = PaymentIntentStatus.RequiresAction, CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        };
        await _farm.Repository<AlipayPlusPayment>().InsertAsync(_payment);
        await _farm[0].Get<PaymentSettlement>().ApplyAsync(_payment,
            SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded, order), "webhook");
        RefundingGateway.AnswerRefunds(gateway, () => _payment, answer);
        var paid = await _farm.ReadOrderAsync(order.Id);
        Assert.That(paid.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        return paid;
    }
}
