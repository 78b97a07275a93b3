using Microsoft.Extensions.DependencyInjection;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Services;

[TestFixture]
public class PaymentReturnServiceTests
{
    [TestCase(PaymentRecordStatus.Creating)]
    [TestCase(PaymentRecordStatus.CreateFailed)]
    public async Task An_attempt_WooshPay_never_answered_for_offers_the_retry_instead_of_waiting(string status)
    {
        var client = SettlementKit.NewClient();
        using var world = new ShopWorld(s => s.AddSingleton(client.Object));
        var order = world.PlaceOrder();
        // A create that timed out or kept failing after its retries: the attempt has no WooshPay object to wait on,
        // and no webhook or reconciliation run will ever settle it. The retry repeats it under the same key.
        world.AddPayment(order, intentId: null, status: status);

        var state = await world.Get<IPaymentReturnService>().GetStateAsync(order);

        Assert.That(state, Is.EqualTo(PaymentReturnState.GatewayError));
        Assert.That(client.Invocations, Is.Empty, "nothing to ask WooshPay about");
    }
}
