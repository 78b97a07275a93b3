using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using Nop.Services.Orders;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Data;

/// <summary>
/// The farm test bed itself: two store nodes on one PostgreSQL, their orders read as copies, locks that do not
/// exclude, and crashes that happen once where they are put.
/// </summary>
public class FarmTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(10);

    private Farm _farm;

    [SetUp]
    public async Task SetUp() => _farm = await Farm.StartAsync();

    [TearDown]
    public async Task TearDown()
    {
        if (_farm is not null)
            await _farm.DisposeAsync();
    }

    [Test]
    public async Task Two_nodes_read_their_own_copies_of_an_order()
    {
        var placed = await _farm.PlaceOrderAsync(totalInPrimary: 25m);

        var onA = await _farm[0].Get<IOrderService>().GetOrderByIdAsync(placed.Id);
        var onB = await _farm[1].Get<IOrderService>().GetOrderByGuidAsync(placed.OrderGuid);
        var againOnA = await _farm[0].Get<IOrderService>().GetOrderByIdAsync(placed.Id);

        Assert.That(onA.Id, Is.EqualTo(placed.Id));
        Assert.That(onB.Id, Is.EqualTo(placed.Id));
        Assert.That(onA, Is.Not.SameAs(onB));
        Assert.That(onA, Is.Not.SameAs(againOnA));
        Assert.That(onB.OrderTotal, Is.EqualTo(25m));
        Assert.That(onB.CustomOrderNumber, Is.EqualTo(placed.Id.ToString()));
    }

    [Test]
    public async Task A_node_sees_the_rows_and_order_changes_another_node_wrote()
    {
        var order = await _farm.PlaceOrderAsync();
        var payment = Payment(order);
        await _farm[0].Get<IRepository<AlipayPlusPayment>>().InsertAsync(payment);

        var onA = await _farm[0].Get<IOrderService>().GetOrderByIdAsync(order.Id);
        await _farm[0].Get<IOrderProcessingService>().MarkOrderAsPaidAsync(onA);

        var seenByB = await _farm[1].Get<IRepository<AlipayPlusPayment>>().GetByIdAsync(payment.Id);
        var orderOnB = await _farm[1].Get<IOrderService>().GetOrderByIdAsync(order.Id);
        Assert.That(seenByB.PaymentIntentId, Is.EqualTo(payment.PaymentIntentId));
        Assert.That(orderOnB.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        Assert.That(orderOnB.OrderStatus, Is.EqualTo(OrderStatus.Processing));
        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.EqualTo(1));
        Assert.That((await _farm.EffectsAsync(order.Id)).Single().Node, Is.EqualTo(_farm[0].Name));
    }

    [Test]
    public async Task Two_nodes_holding_stale_copies_both_mark_an_order_paid()
    {
        // What the plugin must prevent, shown to happen without it: nopCommerce judges the copy each node holds.
        var order = await _farm.PlaceOrderAsync();
        var onA = await _farm[0].Get<IOrderService>().GetOrderByIdAsync(order.Id);
        var onB = await _farm[1].Get<IOrderService>().GetOrderByIdAsync(order.Id);

        foreach (var (node, copy) in new[] { (_farm[0], onA), (_farm[1], onB) })
        {
            var processing = node.Get<IOrderProcessingService>();
            if (processing.CanMarkOrderAsPaid(copy))
                await processing.MarkOrderAsPaidAsync(copy);
        }

        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.EqualTo(2));
    }

    [Test]
    public async Task Order_notes_are_written_to_the_shared_database()
    {
        var order = await _farm.PlaceOrderAsync();

        await _farm[1].Get<IOrderService>().InsertOrderNoteAsync(
            new OrderNote { OrderId = order.Id, Note = "from b", CreatedOnUtc = DateTime.UtcNow });

        Assert.That((await _farm.NotesAsync(order.Id)).Select(n => n.Note), Is.EqualTo(new[] { "from b" }));
    }

    [Test]
    public async Task A_duplicate_claim_key_from_another_node_throws_the_unique_violation()
    {
        await _farm[0].Get<IRepository<AlipayPlusClaim>>().InsertAsync(Claim("order-paid:1001"));

        var duplicate = Assert.ThrowsAsync<PostgresException>(
            () => _farm[1].Get<IRepository<AlipayPlusClaim>>().InsertAsync(Claim("order-paid:1001")));

        Assert.That(duplicate.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation));
    }

    [Test]
    public async Task The_check_then_set_locker_lets_two_nodes_hold_one_lock_at_once()
    {
        // Both nodes read the key before either sets it, as two round trips to the cache can interleave.
        var bothChecked = new AsyncMeeting(2);
        var bothInside = new AsyncMeeting(2);
        foreach (var node in _farm.Nodes)
            ((CheckThenSetLocker)node.Locker).BetweenCheckAndSet = _ => bothChecked.ArriveAsync(_patience);

        var holders = _farm.Nodes
            .Select(node => node.Locker.PerformActionWithLockAsync("order:1001", TimeSpan.FromMinutes(1),
                () => bothInside.ArriveAsync(_patience)))
            .ToList();

        Assert.That(await Task.WhenAll(holders), Is.All.True, "both ran the action while the other held the lock");
        Assert.That(await _farm.Cache.GetStringAsync("order:1001"), Is.Null);
    }

    [Test]
    public async Task The_check_then_set_locker_refuses_a_key_that_is_already_set()
    {
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holder = _farm[0].Locker.PerformActionWithLockAsync("order:1001", TimeSpan.FromMinutes(1), async () =>
        {
            inside.SetResult();
            await release.Task;
        });
        await inside.Task.WaitAsync(_patience);

        var second = await _farm[1].Locker.PerformActionWithLockAsync("order:1001", TimeSpan.FromMinutes(1),
            () => Task.CompletedTask);

        release.SetResult();
        Assert.That(second, Is.False);
        Assert.That(await holder, Is.True);
    }

    [Test]
    public async Task A_crash_after_marking_paid_throws_once_with_the_order_written_and_then_works_again()
    {
        var order = await _farm.PlaceOrderAsync();
        var node = _farm[0];
        node.CrashOn(FarmStep.AfterMarkOrderAsPaid);
        var processing = node.Get<IOrderProcessingService>();

        var crash = Assert.ThrowsAsync<SimulatedCrashException>(
            async () => await processing.MarkOrderAsPaidAsync(await _farm.ReadOrderAsync(order.Id)));
        Assert.That(crash.Node, Is.EqualTo(node.Name));
        Assert.That((await _farm.ReadOrderAsync(order.Id)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid),
            "the write happened before the crash");

        await processing.MarkOrderAsPaidAsync(await _farm.ReadOrderAsync(order.Id));

        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.EqualTo(2));
        Assert.That(node.Crashes.Fired, Is.EqualTo(1));
    }

    [Test]
    public async Task A_crash_before_a_partial_refund_leaves_the_order_untouched()
    {
        var order = await _farm.PlaceOrderAsync(totalInPrimary: 100m);
        var processing = _farm[1].Get<IOrderProcessingService>();
        await processing.MarkOrderAsPaidAsync(await _farm.ReadOrderAsync(order.Id));
        _farm[1].CrashOn(FarmStep.BeforePartiallyRefundOffline);

        Assert.ThrowsAsync<SimulatedCrashException>(
            async () => await processing.PartiallyRefundOfflineAsync(await _farm.ReadOrderAsync(order.Id), 30m));

        Assert.That((await _farm.ReadOrderAsync(order.Id)).RefundedAmount, Is.EqualTo(0m));
        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.PartiallyRefundOffline), Is.EqualTo(0));
    }

    [Test]
    public async Task A_crash_on_the_second_claim_insert_comes_after_its_row_is_written_and_only_once()
    {
        var node = _farm[0];
        node.CrashOnWrite<AlipayPlusClaim>(RepositoryWrite.Insert, nth: 2, CrashMoment.AfterWrite);
        var claims = node.Get<IRepository<AlipayPlusClaim>>();

        await claims.InsertAsync(Claim("first"));
        Assert.ThrowsAsync<SimulatedCrashException>(() => claims.InsertAsync(Claim("second")));
        await claims.InsertAsync(Claim("third"));

        Assert.That(_farm.Repository<AlipayPlusClaim>().Table.OrderBy(c => c.Id).Select(c => c.ClaimKey).ToList(),
            Is.EqualTo(new[] { "first", "second", "third" }));
        Assert.That(_farm[1].Crashes.Fired, Is.Zero, "the other node's writes are not counted");
    }

    [Test]
    public async Task A_crash_before_an_update_writes_nothing()
    {
        var order = await _farm.PlaceOrderAsync();
        var payments = _farm[1].Get<IRepository<AlipayPlusPayment>>();
        var payment = Payment(order);
        await payments.InsertAsync(payment);
        _farm[1].CrashOnWrite<AlipayPlusPayment>(RepositoryWrite.Update, moment: CrashMoment.BeforeWrite);

        payment.Status = "succeeded";
        Assert.ThrowsAsync<SimulatedCrashException>(() => payments.UpdateAsync(payment));

        Assert.That((await _farm.Repository<AlipayPlusPayment>().GetByIdAsync(payment.Id)).Status,
            Is.EqualTo(PaymentRecordStatus.Creating));
    }

    [Test]
    public async Task Each_node_has_its_own_clock()
    {
        _farm[1].Clock.Advance(TimeSpan.FromMinutes(10));

        var onA = _farm[0].Get<TimeProvider>().GetUtcNow();
        var onB = _farm[1].Get<TimeProvider>().GetUtcNow();

        Assert.That(onB - onA, Is.EqualTo(TimeSpan.FromMinutes(10)).Within(TimeSpan.FromSeconds(5)));
        await Task.CompletedTask;
    }

    private static AlipayPlusPayment Payment(Order order) => new()
    {
        StoreId = order.StoreId, OrderId = order.Id, OrderGuid = order.OrderGuid, Attempt = 1,
        Flow = PaymentFlow.PaymentIntent,
        PaymentIntentId = $"pi_{Guid.NewGuid():N}", Currency = "HKD", AmountMinor = 78000,
        Status = PaymentRecordStatus.Creating,
        CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
    };

    private static AlipayPlusClaim Claim(string key) => new()
    {
        ClaimKey = key, OrderId = 1001, SubjectId = 1, OrderRefundedBefore = 0, ClaimedOnUtc = DateTime.UtcNow
    };

    /// <summary>A barrier for tasks: each arrival waits until all have arrived, or fails after the patience.</summary>
    private sealed class AsyncMeeting
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _missing;

        public AsyncMeeting(int parties) => _missing = parties;

        public Task ArriveAsync(TimeSpan patience)
        {
            if (Interlocked.Decrement(ref _missing) == 0)
                _all.SetResult();
            return _all.Task.WaitAsync(patience);
        }
    }
}
