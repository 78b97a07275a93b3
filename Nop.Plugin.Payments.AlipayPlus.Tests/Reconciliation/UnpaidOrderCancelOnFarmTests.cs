using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Reconciliation;

/// <summary>
/// Orders left unpaid are cancelled once on two store nodes sharing one PostgreSQL, with lockers that do not exclude
/// and nodes that die between the cancellation and its completion, and never over a payment that lands at the same
/// moment.
/// </summary>
public class UnpaidOrderCancelOnFarmTests
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
    public async Task
        An_order_left_unpaid_is_cancelled_once_when_both_nodes_run_reconciliation_at_once(FarmLocking locking)
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = locking });
        var orders = new List<Order>();
        for (var i = 0; i < 10; i++)
            orders.Add(await PlaceLeftOrderAsync($"pi_left_{i}"));

        await Task.WhenAll(orders.SelectMany(order => _farm.Nodes.Select(node => CancelAsync(node, order))));

        foreach (var order in orders)
        {
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.CancelOrder), Is.EqualTo(1),
                $"order {order.Id} cancelled");
            Assert.That(await UnpaidNotesAsync(order.Id), Is.EqualTo(1), $"order {order.Id} noted");
            Assert.That((await _farm.ReadOrderAsync(order.Id)).OrderStatus, Is.EqualTo(OrderStatus.Cancelled));
        }
        Assert.That((await _farm.Repository<AlipayPlusClaim>().GetAllAsync()).All(c => c.CompletedOnUtc is not null),
            Is.True, "no claim left open");
    }

    private static readonly object[] CancelCrashes =
    [
        new object[] { "after the claim, before the cancellation", FarmStep.BeforeCancelOrder },
        new object[] { "after the cancellation, before the note", FarmStep.AfterCancelOrder },
        new object[] { "after the note, before the claim is completed", FarmStep.AfterInsertOrderNote }
    ];

    [TestCaseSource(nameof(CancelCrashes))]
    public async Task
        A_cancellation_cut_short_is_finished_by_the_next_run_on_another_node_without_cancelling_twice(
            string step, FarmStep crash)
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });
        var order = await PlaceLeftOrderAsync("pi_crash");

        _farm[0].CrashOn(crash);
        Assert.ThrowsAsync<SimulatedCrashException>(
            () => _farm[0].Get<UnpaidOrderCanceller>().CancelIfLeftUnpaidAsync(order), step);

        // Within the dead holder's lease the other node leaves it alone; after it, the next run finishes the work,
        // finding the order by its unfinished claim when it is no longer pending.
        Assert.That(await CancelAsync(_farm[1], order), Is.False, "held within the lease");
        _farm[1].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        await RunAsReconciliationAsync(_farm[1]);
        await RunAsReconciliationAsync(_farm[1]);

        Assert.Multiple(async () =>
        {
            Assert.That(_farm[0].Crashes.Fired, Is.EqualTo(1), "the crash happened");
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.CancelOrder), Is.EqualTo(1),
                "cancelled once");
            Assert.That(await UnpaidNotesAsync(order.Id), Is.EqualTo(1), "one note");
            Assert.That((await _farm.ReadOrderAsync(order.Id)).OrderStatus, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That((await _farm.Repository<AlipayPlusClaim>().GetAllAsync())
                .All(c => c.CompletedOnUtc is not null),
                Is.True, "no claim left open");
        });
    }

    [Test]
    public async Task An_order_whose_payment_is_being_settled_is_not_cancelled()
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });
        var order = await PlaceLeftOrderAsync("pi_paying");
        // Another node has just claimed "order paid" for a late payment and is marking it paid.
        await _farm[0].Get<ClaimStore>().TryClaimAsync(ClaimKeys.OrderPaid(order.Id), order.Id, 0);

        Assert.That(await CancelAsync(_farm[1], order), Is.False);

        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.CancelOrder), Is.Zero);
        Assert.That((await _farm.ReadOrderAsync(order.Id)).OrderStatus, Is.EqualTo(OrderStatus.Pending));
    }

    [Test]
    public async Task
        A_payment_arriving_while_the_order_is_being_cancelled_waits_and_is_then_kept_visible_not_marked_paid()
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });
        var order = await PlaceLeftOrderAsync("pi_late");
        var payment = (await _farm.Repository<AlipayPlusPayment>()
            .GetAllAsync(q => q.Where(p => p.OrderId == order.Id))).Single();
        var cancel = await _farm[0].Get<ClaimStore>()
            .TryClaimAsync(ClaimKeys.UnpaidOrderCanceled(order.Id), order.Id, 0);

        // The cancellation is under way on node a: the payment's webhook
        // on node b is answered busy and nothing is marked.
        Assert.ThrowsAsync<OrderBusyException>(() => ApplySucceededAsync(_farm[1], payment, order));
        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.Zero);
        Assert.That(await _farm[0].Get<ClaimStore>().GetAsync(ClaimKeys.OrderPaid(order.Id)), Is.Null,
            "the payment's claim was given back");

        // Node a finishes the cancellation; WooshPay redelivers the payment.
        var current = await _farm.ReadOrderAsync(order.Id);
        current.OrderStatus = OrderStatus.Cancelled;
        await _farm.Repository<Order>().UpdateAsync(current);
        await _farm[0].Get<ClaimStore>().CompleteAsync(cancel.Claim);
        var outcome = await ApplySucceededAsync(_farm[1], payment, order);

        Assert.That(outcome, Is.EqualTo(SettlementOutcome.PaidButOrderClosed));
        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.Zero);
        Assert.That((await _farm.NotesAsync(order.Id)).Count(n => n.Note.Contains("cannot be marked paid")),
            Is.EqualTo(1));
    }

    [TestCase(FarmLocking.CheckThenSet)]
    [TestCase(FarmLocking.NeverExcluding)]
    public async Task
        A_late_payment_and_the_cancellation_at_the_same_moment_never_both_act_on_an_order(FarmLocking locking)
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = locking });
        var orders = new List<(Order Order, AlipayPlusPayment Payment)>();
        for (var i = 0; i < 15; i++)
        {
            var order = await PlaceLeftOrderAsync($"pi_race_{i}");
            orders.Add((order, (await _farm.Repository<AlipayPlusPayment>()
                .GetAllAsync(q => q.Where(p => p.OrderId == order.Id))).Single()));
        }

        await Task.WhenAll(orders.SelectMany(o => new[]
        {
            SwallowBusyAsync(() => ApplySucceededAsync(_farm[0], o.Payment, o.Order)),
            SwallowBusyAsync(() => CancelAsync(_farm[1], o.Order))
        }));
        // WooshPay redelivers what was answered busy.
        await Task.WhenAll(
            orders.Select(o => SwallowBusyAsync(() => ApplySucceededAsync(_farm[0], o.Payment, o.Order))));

        foreach (var (order, _) in orders)
        {
            var paid = await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid);
            var cancelled = await _farm.EffectsAsync(order.Id, ShopOrderEffect.CancelOrder);
            Assert.That(paid + cancelled, Is.EqualTo(1), $"order {order.Id}: paid {paid}, cancelled {cancelled}");
            if (cancelled == 1)
                Assert.That((await _farm.NotesAsync(order.Id)).Count(n => n.Note.Contains("cannot be marked paid")),
                    Is.EqualTo(1),
                    $"order {order.Id}: the payment is kept visible");
        }
    }

    /// <summary>An order placed two hours ago whose one attempt WooshPay
    /// closed: left unpaid past the default 60 minutes.</summary>
    private async Task<Order> PlaceLeftOrderAsync(string intentId)
    {
        var placed = DateTime.UtcNow.AddHours(-2);
        var order = await _farm.PlaceOrderAsync();
        order.CreatedOnUtc = placed;
        await _farm.Repository<Order>().UpdateAsync(order);
        await _farm.Repository<AlipayPlusPayment>().InsertAsync(new AlipayPlusPayment
        {
            StoreId = order.StoreId, OrderId = order.Id, OrderGuid = order.OrderGuid, Attempt = 1,
            Flow = PaymentFlow.PaymentIntent,
            PaymentIntentId = intentId, RedirectUrl = $"https://cashier.example/{intentId}", Currency = "HKD",
            AmountMinor = SettlementKit.DefaultChargeMinor, Status = PaymentIntentStatus.Canceled,
            CreatedOnUtc = placed, UpdatedOnUtc = placed
        });
        return await _farm.ReadOrderAsync(order.Id);
    }

    /// <summary>What the reconciliation task does for unpaid orders, on one node.</summary>
    private static async Task RunAsReconciliationAsync(FarmNode node)
    {
        var canceller = node.Get<UnpaidOrderCanceller>();
        foreach (var order in await canceller.GetPendingOrdersAsync(DateTime.UtcNow.AddDays(-3), 50))
            await canceller.CancelIfLeftUnpaidAsync(order);
    }

    private async Task<bool> CancelAsync(FarmNode node, Order order) =>
        await node.Get<UnpaidOrderCanceller>().CancelIfLeftUnpaidAsync(await _farm.ReadOrderAsync(order.Id));

    private async Task<SettlementOutcome> ApplySucceededAsync(FarmNode node, AlipayPlusPayment payment, Order order)
    {
        var copy = await _farm.Repository<AlipayPlusPayment>().GetByIdAsync(payment.Id);
        return await node.Get<PaymentSettlement>()
            .ApplyAsync(copy, SettlementKit.IntentFor(copy, PaymentIntentStatus.Succeeded, order), "webhook");
    }

    private static async Task SwallowBusyAsync<T>(Func<Task<T>> work)
    {
        try
        {
            await work();
        }
        catch (OrderBusyException)
        {
        }
    }

    private async Task<int> UnpaidNotesAsync(int orderId) =>
        (await _farm.NotesAsync(orderId)).Count(n => n.Note.Contains("as left unpaid", StringComparison.Ordinal));
}
