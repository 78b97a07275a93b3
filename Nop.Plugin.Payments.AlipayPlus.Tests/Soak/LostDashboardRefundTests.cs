using System.Text.Json.Nodes;
using NUnit.Framework;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using WooshPay.Sandbox;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Soak;

/// <summary>
/// Found by the soak: a refund made in WooshPay's dashboard whose webhooks were all lost left no record in the
/// shop, so reconciliation (which asked only about records it had) never found it and the order kept showing
/// money the shopper already got back. No webhook endpoint is registered here: every event is "lost".
/// </summary>
[TestFixture]
public class LostDashboardRefundTests
{
    private SandboxedShop _env;

    [SetUp]
    public async Task SetUp() =>
        _env = await SandboxedShop.StartAsync(new SandboxOptions { RefundSettleDelay = TimeSpan.FromMilliseconds(50) });

    [TearDown]
    public Task TearDown() => _env.DisposeAsync().AsTask();

    [Test]
    public async Task A_dashboard_refund_nobody_was_told_about_is_applied_by_reconciliation_once()
    {
        var order = _env.Shop.PlaceOrder(100m, "HKD", 7.8m);
        var start = await _env.Shop.Get<ICheckoutPaymentService>().StartAsync(order, "https://shop.example/return");
        Assert.That(start.RedirectUrl, Is.Not.Null, start.Error);
        var intentId = _env.Shop.Payments.Rows.Single().PaymentIntentId;
        await _env.Driver.AdminPostAsync($"_sandbox/payment_intents/{intentId}/pay");
        await _env.Shop.Get<ReconciliationService>().RunAsync();
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));

        // 195.00 HKD of 780.00 back in the dashboard = 25.00 USD at the order's rate.
        await _env.Driver.AdminPostAsync("_sandbox/refunds",
            new JsonObject { ["payment_intent"] = intentId, ["amount"] = 19500 });
        await Eventually.ThatAsync(async () =>
        {
            var state = (await _env.Driver.AdminGetAsync("_sandbox/state")).ToJsonString();
            return state.Contains("\"succeeded\"") && !state.Contains("\"pending\"");
        }, TimeSpan.FromSeconds(10), () => "the dashboard refund did not settle at the sandbox");

        var first = await _env.Shop.Get<ReconciliationService>().RunAsync();
        var second = await _env.Shop.Get<ReconciliationService>().RunAsync();

        Assert.That(order.RefundedAmount, Is.EqualTo(25m));
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
        Assert.That(_env.Shop.Refunds.Rows, Has.Count.EqualTo(1), "one record for the dashboard refund");
        Assert.That(first.RefundsChecked, Is.EqualTo(1));
        Assert.That(first.Changed, Is.EqualTo(1));
        Assert.That(second.Changed, Is.Zero, "the second run finds it known and leaves the order alone");
    }

}
