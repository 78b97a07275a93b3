using Moq;
using Nop.Core.Domain.Orders;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Settlement;

[TestFixture]
public class PaymentSettlementSyncTests
{
    [Test]
    public async Task A_sync_of_a_success_reports_the_status_before_and_after_without_reading_the_attempt_again()
    {
        var client = SettlementKit.NewClient();
        var records = new CopyingPaymentRecords();
        using var world = records.NewShop(client.Object);
        var payment = world.AddPayment(world.PlaceOrder());
        records.Store(payment);
        client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), payment.PaymentIntentId,
            It.IsAny<CancellationToken>()))
            .ReturnsAsync(SettlementKit.IntentFor(payment, PaymentIntentStatus.Succeeded));

        var result = await world.Get<PaymentSettlement>().SyncAsync(payment, "sync");

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(SettlementOutcome.Paid));
            Assert.That(result.StatusBefore, Is.EqualTo(PaymentIntentStatus.RequiresAction));
            Assert.That(result.StatusAfter, Is.EqualTo(PaymentIntentStatus.Succeeded));
            Assert.That(result.Changed, Is.True);
            // A success settles the same way whatever the attempt is recorded as (the order-paid claim decides), so a
            // webhook's payment costs no second read of the attempt.
            records.Mock.Verify(r => r.GetByIdAsync(payment.Id), Times.Never);
        });
    }

    [Test]
    public async Task A_cancellation_is_judged_against_the_attempt_as_stored_after_the_look_at_WooshPay()
    {
        var client = SettlementKit.NewClient();
        var records = new CopyingPaymentRecords();
        using var world = records.NewShop(client.Object);
        var order = world.PlaceOrder();
        var payment = world.AddPayment(order);
        records.Store(payment);
        // The caller's copy says requires_action; meanwhile the plugin marked the attempt closing to open a new one.
        world.Settings.CancelUnpaidOrderOnFailure = true;
        var closing = records.Stored;
        closing.Status = PaymentRecordStatus.Closing;
        records.Store(closing);
        client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), payment.PaymentIntentId,
            It.IsAny<CancellationToken>()))
            .ReturnsAsync(SettlementKit.IntentFor(payment, PaymentIntentStatus.Canceled));

        var result = await world.Get<PaymentSettlement>().SyncAsync(payment, "payment_intent.canceled");

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(SettlementOutcome.Canceled));
            Assert.That(result.StatusBefore, Is.EqualTo(PaymentIntentStatus.RequiresAction));
            Assert.That(result.StatusAfter, Is.EqualTo(PaymentIntentStatus.Canceled));
            // A cancellation the plugin asked for to open a new attempt never cancels the order the shopper is paying.
            world.OrderProcessing.Verify(s => s.CancelOrderAsync(It.IsAny<Order>(), It.IsAny<bool>()), Times.Never);
        });
    }
}
