using NUnit.Framework;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using WooshPay.Sandbox;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Reconciliation;

/// <summary>
/// Payments whose webhooks never arrive (no endpoint registered here) are settled by reconciliation alone.
/// </summary>
public class ReconciliationTests
{
    private SandboxedShop _env;

    [SetUp]
    public async Task SetUp() => _env = await SandboxedShop.StartAsync(
        new SandboxOptions { RefundSettleDelay = TimeSpan.FromMilliseconds(100) });

    [TearDown]
    public Task TearDown() => _env.DisposeAsync().AsTask();

    [Test]
    public async Task Paid_failed_and_abandoned_attempts_are_settled_once_without_any_webhook()
    {
        var paid = await StartAsync();
        var failed = await StartAsync();
        var open = await StartAsync();
        await _env.Driver.AdminPostAsync($"_sandbox/payment_intents/{IntentOf(paid)}/pay");
        await _env.Driver.AdminPostAsync($"_sandbox/payment_intents/{IntentOf(failed)}/fail");

        var first = await _env.Shop.Get<ReconciliationService>().RunAsync();
        var second = await _env.Shop.Get<ReconciliationService>().RunAsync();

        Assert.That(paid.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        Assert.That(_env.Shop.MarkedPaidCount(paid), Is.EqualTo(1));
        Assert.That(failed.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
        Assert.That(_env.Shop.NotesOf(failed).Select(n => n.Note), Has.Some.Contains("failed"));
        Assert.That(open.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
        Assert.That(first.AttemptsChecked, Is.EqualTo(3));
        Assert.That(first.Changed, Is.EqualTo(2));
        // A paid attempt is final; a failed one can still be paid on the same cashier, so it stays watched.
        Assert.That(second.AttemptsChecked, Is.EqualTo(2), "the paid attempt is not asked about again");
        Assert.That(second.Changed, Is.EqualTo(0));
    }

    [Test]
    public async Task An_expired_cashier_is_recorded_as_expired_so_the_retry_opens_a_new_attempt()
    {
        var order = await StartAsync();
        await _env.Driver.AdminPostAsync($"_sandbox/payment_intents/{IntentOf(order)}/expire");

        await _env.Shop.Get<ReconciliationService>().RunAsync();
        var retry = await _env.Shop.Get<ICheckoutPaymentService>().StartAsync(order, "https://shop.example/return");

        var attempts = _env.Shop.Payments.Rows.Where(p => p.OrderId == order.Id).OrderBy(p => p.Attempt).ToList();
        Assert.That(attempts[0].Status, Is.EqualTo(PaymentRecordStatus.Expired));
        Assert.That(attempts, Has.Count.EqualTo(2));
        Assert.That(retry.RedirectUrl, Is.EqualTo(attempts[1].RedirectUrl).And.Not.Null);
    }

    [Test]
    public async Task A_run_is_bounded_by_the_batch_size_and_the_next_run_continues()
    {
        _env.Shop.Settings.ReconciliationBatchSize = 2;
        var orders = new List<Nop.Core.Domain.Orders.Order>();
        for (var i = 0; i < 3; i++)
        {
            var order = await StartAsync();
            await _env.Driver.AdminPostAsync($"_sandbox/payment_intents/{IntentOf(order)}/pay");
            orders.Add(order);
        }

        var first = await _env.Shop.Get<ReconciliationService>().RunAsync();
        var second = await _env.Shop.Get<ReconciliationService>().RunAsync();

        Assert.That(first.AttemptsChecked, Is.EqualTo(2));
        Assert.That(second.AttemptsChecked, Is.EqualTo(1));
        Assert.That(orders.Select(o => o.PaymentStatus), Has.All.EqualTo(PaymentStatus.Paid));
    }

    [Test]
    public async Task A_backlog_larger_than_one_run_is_worked_through_in_turn()
    {
        _env.Shop.Settings.ReconciliationBatchSize = 2;
        var orders = new List<Nop.Core.Domain.Orders.Order>();
        for (var i = 0; i < 3; i++)
            orders.Add(await StartAsync());

        var checkedPerRun = new List<int[]>();
        for (var run = 0; run < 3; run++)
        {
            var before = _env.Shop.Payments.Rows.ToDictionary(p => p.OrderId, p => p.LastEventOnUtc);
            await _env.Shop.Get<ReconciliationService>().RunAsync();
            checkedPerRun.Add(orders.Select((order, index) => (order, index))
                .Where(x => _env.Shop.Payments.Rows.Single(p => p.OrderId == x.order.Id).LastEventOnUtc
                    != before[x.order.Id])
                .Select(x => x.index).ToArray());
        }

        // Still unpaid, all three stay open; each run asks about two, continuing where the last one stopped.
        Assert.That(checkedPerRun, Is.EqualTo(new[] { new[] { 0, 1 }, new[] { 0, 2 }, new[] { 1, 2 } }));
    }

    [Test]
    public async Task The_next_run_continues_from_the_saved_cursor_although_nopCommerce_caches_the_settings()
    {
        _env.Shop.Settings.ReconciliationBatchSize = 2;
        CachingSettingService.Apply(_env.Shop.SettingService, _env.Shop.Settings);
        var orders = new List<Nop.Core.Domain.Orders.Order>();
        for (var i = 0; i < 3; i++)
            orders.Add(await StartAsync());
        // The third is paid; the first two stay open and are asked about on every run that reaches them.
        await _env.Driver.AdminPostAsync($"_sandbox/payment_intents/{IntentOf(orders[2])}/pay");

        await _env.Shop.Get<ReconciliationService>().RunAsync();
        Assert.That(orders[2].PaymentStatus, Is.EqualTo(PaymentStatus.Pending),
            "the first run stops after two attempts");
        await _env.Shop.Get<ReconciliationService>().RunAsync();

        Assert.That(_env.Shop.Settings.ReconciliationCursor, Is.Not.EqualTo(0));
        Assert.That(orders[2].PaymentStatus, Is.EqualTo(PaymentStatus.Paid),
            "the second run starts where the first stopped, not at the cached cursor");
    }

    [Test]
    public async Task A_pending_refund_that_failed_at_the_gateway_is_reversed()
    {
        var order = await StartAsync();
        await _env.Driver.AdminPostAsync($"_sandbox/payment_intents/{IntentOf(order)}/pay");
        await _env.Shop.Get<ReconciliationService>().RunAsync();
        order.RefundedAmount = 0;

        _env.Sandbox.Options.RefundFailureRate = 1;
        var refund = await _env.Shop.AdminRefundAsync(order, 10m, true);
        Assert.That(refund.Success, Is.True, string.Join("; ", refund.Errors));

        await Eventually.ThatAsync(async () => (await SandboxStateAsync()).Contains("\"failed\""),
            TimeSpan.FromSeconds(10),
            () => "the refund did not fail at the sandbox");
        // By the next run nopCommerce has long booked the refund; the record's answer time says so.
        _env.Shop.Refunds.Rows.Single().UpdatedOnUtc = DateTime.UtcNow.AddMinutes(-1);
        var report = await _env.Shop.Get<ReconciliationService>().RunAsync();

        Assert.That(report.RefundsChecked, Is.EqualTo(1));
        Assert.That(order.RefundedAmount, Is.EqualTo(0m));
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        Assert.That(_env.Shop.Refunds.Rows.Single().Status, Is.EqualTo("failed"));
    }

    [Test]
    public async Task A_refund_made_at_WooshPay_whose_answer_was_lost_is_found_by_reconciliation_and_booked_once()
    {
        var order = await StartAsync();
        await _env.Driver.AdminPostAsync($"_sandbox/payment_intents/{IntentOf(order)}/pay");
        await _env.Shop.Get<ReconciliationService>().RunAsync();
        order.CaptureTransactionId = IntentOf(order);

        // WooshPay makes the refund and the answer is lost; the client's retry with the same key is refused 409.
        await _env.Driver.AdminPostAsync($"_sandbox/faults/{_env.Shop.Settings.SecretKey}",
            new Dictionary<string, object>
            {
                ["fail_5xx_rate"] = 1.0, ["fail_phase"] = "after", ["fault_limit"] = 1,
                ["only_method"] = "POST", ["only_path"] = "/v1/refunds", ["same_key_completed"] = "conflict"
            });
        var refund = await _env.Shop.Get<IRefundService>().RefundAsync(order, 10m, true);
        var recorded = _env.Shop.Refunds.Rows.Single();
        Assert.That(refund.Success, Is.False, "nopCommerce books nothing it was not told of");
        Assert.That(recorded.Status, Is.EqualTo(RefundRecordStatus.Unknown));

        await Eventually.ThatAsync(async () =>
        {
            await _env.Shop.Get<ReconciliationService>().RunAsync();
            return _env.Shop.Refunds.Rows.Single().Status
                == Nop.Plugin.Payments.AlipayPlus.WooshPay.RefundStatus.Succeeded;
        }, TimeSpan.FromSeconds(10), () => $"the refund is {_env.Shop.Refunds.Rows.Single().Status}");
        await _env.Shop.Get<ReconciliationService>().RunAsync();

        Assert.That(_env.Shop.Refunds.Rows.Single().RefundId, Does.StartWith("re_"));
        Assert.That(order.RefundedAmount, Is.EqualTo(10m), "booked on the order once");
        Assert.That(_env.Shop.Refunds.Rows, Has.Count.EqualTo(1));
    }

    private async Task<Nop.Core.Domain.Orders.Order> StartAsync()
    {
        var order = _env.Shop.PlaceOrder();
        var result = await _env.Shop.Get<ICheckoutPaymentService>().StartAsync(order, "https://shop.example/return");
        Assert.That(result.RedirectUrl, Is.Not.Null, result.Error);
        return order;
    }

    private string IntentOf(Nop.Core.Domain.Orders.Order order) =>
        _env.Shop.Payments.Rows.Where(p => p.OrderId == order.Id).OrderBy(p => p.Attempt).Last().PaymentIntentId;

    private async Task<string> SandboxStateAsync() =>
        (await _env.Driver.AdminGetAsync("_sandbox/state")).ToJsonString();
}
