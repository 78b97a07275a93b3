using Moq;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Settlement;

[TestFixture]
public class PaymentSettlementSyncTests
{
    [Test]
    public async Task A_sync_reports_the_status_before_and_after_reading_the_attempt_once()
    {
        var client = SettlementKit.NewClient();
        var records = new CopyingPaymentRecords();
        using var world = records.NewShop(client.Object);
        var payment = world.AddPayment(world.PlaceOrder());
        records.Store(payment);
        client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), payment.PaymentIntentId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(SettlementKit.IntentFor(payment, PaymentIntentStatus.Succeeded));

        var result = await world.Get<PaymentSettlement>().SyncAsync(payment, "sync");

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(SettlementOutcome.Paid));
            Assert.That(result.StatusBefore, Is.EqualTo(PaymentIntentStatus.RequiresAction));
            Assert.That(result.StatusAfter, Is.EqualTo(PaymentIntentStatus.Succeeded));
            Assert.That(result.Changed, Is.True);
            // The settlement's read under the order lock is the only one: a webhook pays for one database read here, not two.
            records.Mock.Verify(r => r.GetByIdAsync(payment.Id), Times.Once);
        });
    }
}
