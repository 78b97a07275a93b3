using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Soak;

/// <summary>
/// What the farm soak (<see cref="FarmSoakTests"/>) found, each on its own and made certain instead of likely, so the
/// fix is shown to work.
/// </summary>
[TestFixture]
[Category("Soak")]
public class FarmSoakFindingsTests
{
    private Farm _farm;

    [TearDown]
    public async Task TearDown()
    {
        if (_farm is not null)
            await _farm.DisposeAsync();
    }

    [Test]
    public async Task A_failure_whose_node_died_before_cancelling_the_order_is_finished_after_the_lease()
    {
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });
        _farm.Settings.CancelUnpaidOrderOnFailure = true;
        var order = await _farm.PlaceOrderAsync();
        var payment = await AddPaymentAsync(order, "pi_declined");

        // Node a claims "attempt closed", writes the failure note and dies before cancelling the order.
        _farm[0].CrashOn(FarmStep.BeforeCancelOrder);
        Assert.ThrowsAsync<SimulatedCrashException>(() => ApplyFailedAsync(_farm[0], payment));

        // WooshPay's duplicate reaches node b within node a's lease: answered "retry later", nothing recorded as done.
        Assert.ThrowsAsync<OrderBusyException>(() => ApplyFailedAsync(_farm[1], payment));
        // Its redelivery after the lease takes the claim over and finishes the work.
        _farm[1].Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));
        await ApplyFailedAsync(_farm[1], payment);

        var claims = await _farm.Repository<AlipayPlusClaim>().GetAllAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(_farm[0].Crashes.Fired, Is.EqualTo(1), "the crash happened");
            Assert.That((await _farm.Repository<AlipayPlusPayment>().GetByIdAsync(payment.Id)).Status,
                Is.EqualTo(PaymentRecordStatus.PaymentFailed),
                "the attempt is recorded as failed");
            Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.CancelOrder), Is.EqualTo(1),
                "the unpaid order is cancelled once");
            Assert.That(claims.Where(c => c.CompletedOnUtc is null).Select(c => c.ClaimKey), Is.Empty,
                "claims left open");
        });
    }

    private async Task<AlipayPlusPayment> AddPaymentAsync(Order order, string intentId)
    {
        var payment = new AlipayPlusPayment
        {
            StoreId = order.StoreId, OrderId = order.Id, OrderGuid = order.OrderGuid, Attempt = 1,
            Flow = PaymentFlow.PaymentIntent,
            PaymentIntentId = intentId, RedirectUrl = $"https://cashier.example/{intentId}", Currency = "HKD",
            AmountMinor = SettlementKit.DefaultChargeMinor, Status = PaymentIntentStatus.RequiresAction,
            CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        };
        await _farm.Repository<AlipayPlusPayment>().InsertAsync(payment);
        return payment;
    }

    /// <summary>The node applies its own copy of the attempt with
    /// WooshPay's report that the wallet declined it.</summary>
    private async Task ApplyFailedAsync(FarmNode node, AlipayPlusPayment payment)
    {
        var copy = await _farm.Repository<AlipayPlusPayment>().GetByIdAsync(payment.Id);
        await node.Get<PaymentSettlement>().ApplyAsync(copy, SettlementKit.Failed(copy), "webhook");
    }
}
