using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Checkout;

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

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Looks_at_the_return_page_ask_WooshPay_at_most_every_10_seconds_for_5_minutes_then_once_a_minute()
    {
        var clock = new FakeTimeProvider(Start);
        var client = SettlementKit.NewClient();
        using var world = new ShopWorld(s => s.AddSingleton(client.Object).AddSingleton<TimeProvider>(clock));
        var order = world.PlaceOrder();
        var payment = world.AddPayment(order, status: PaymentIntentStatus.RequiresAction);
        client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), payment.PaymentIntentId,
            It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => SettlementKit.IntentFor(payment, PaymentIntentStatus.RequiresAction));
        var returns = world.Get<IPaymentReturnService>();

        // A page (or a stranger's script) looking every second for 10 minutes.
        var asked = new List<int>();
        for (var second = 0; second < 600; second++)
        {
            clock.SetUtcNow(Start + TimeSpan.FromSeconds(second));
            var before = client.CallsTo(nameof(IWooshPayClient.GetPaymentIntentAsync));
            Assert.That(await returns.GetStateAsync(order), Is.EqualTo(PaymentReturnState.Waiting));
            if (client.CallsTo(nameof(IWooshPayClient.GetPaymentIntentAsync)) > before)
                asked.Add(second);
        }

        Assert.That(asked.Where(s => s < 300), Is.EqualTo(Enumerable.Range(0, 30).Select(i => i * 10)));
        Assert.That(asked.Where(s => s >= 300), Is.EqualTo(new[] { 350, 410, 470, 530, 590 }));
    }

    [Test]
    public async Task Between_looks_at_WooshPay_the_page_reads_the_state_a_webhook_recorded()
    {
        var clock = new FakeTimeProvider(Start);
        var client = SettlementKit.NewClient();
        using var world = new ShopWorld(s => s.AddSingleton(client.Object).AddSingleton<TimeProvider>(clock));
        var order = world.PlaceOrder();
        var payment = world.AddPayment(order, status: PaymentIntentStatus.RequiresAction);
        client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), payment.PaymentIntentId,
            It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => SettlementKit.IntentFor(payment, PaymentIntentStatus.RequiresAction));
        var returns = world.Get<IPaymentReturnService>();
        Assert.That(await returns.GetStateAsync(order), Is.EqualTo(PaymentReturnState.Waiting));

        foreach (var (status, expected) in new[]
                 {
                     (PaymentRecordStatus.PaymentFailed, PaymentReturnState.Failed),
                     (PaymentIntentStatus.Canceled, PaymentReturnState.Canceled),
                     (PaymentRecordStatus.Expired, PaymentReturnState.Expired),
                     (PaymentRecordStatus.Closing, PaymentReturnState.Waiting),
                     (PaymentIntentStatus.Succeeded, PaymentReturnState.Completed)
                 })
        {
            payment.Status = status;
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.That(await returns.GetStateAsync(order), Is.EqualTo(expected), status);
        }

        Assert.That(client.CallsTo(nameof(IWooshPayClient.GetPaymentIntentAsync)), Is.EqualTo(1));
    }

    [Test]
    public async Task Each_attempt_is_looked_up_at_WooshPay_on_its_first_look()
    {
        var clock = new FakeTimeProvider(Start);
        var client = SettlementKit.NewClient();
        using var world = new ShopWorld(s => s.AddSingleton(client.Object).AddSingleton<TimeProvider>(clock));
        var order = world.PlaceOrder();
        var first = world.AddPayment(order, intentId: "pi_a", status: PaymentIntentStatus.RequiresAction);
        client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), It.IsAny<string>(),
            It.IsAny<CancellationToken>()))
            .ReturnsAsync((WooshPayAccount _, string id, CancellationToken _) =>
                SettlementKit.IntentFor(world.Payments.Rows.Single(p => p.PaymentIntentId == id),
                    PaymentIntentStatus.RequiresAction));
        var returns = world.Get<IPaymentReturnService>();
        await returns.GetStateAsync(order);

        // The shopper retried: a new attempt, asked about at once.
        world.AddPayment(order, intentId: "pi_b", status: PaymentIntentStatus.RequiresAction, attempt: 2);
        clock.Advance(TimeSpan.FromSeconds(1));
        await returns.GetStateAsync(order);

        Assert.That(client.Invocations.Where(i => i.Method.Name == nameof(IWooshPayClient.GetPaymentIntentAsync))
            .Select(i => i.Arguments[1]),
            Is.EqualTo(new[] { "pi_a", "pi_b" }));
        Assert.That(first.Status, Is.EqualTo(PaymentIntentStatus.RequiresAction));
    }
}
