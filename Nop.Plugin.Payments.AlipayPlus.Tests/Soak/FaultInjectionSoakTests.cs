using System.Diagnostics;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Payments;
using WooshPay.Sandbox;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Soak;

/// <summary>
/// "Nothing lost": N shoppers pay, fail, cancel and retry through the plugin's real services and the real
/// WooshPay client against the sandbox while 20% of webhooks are dropped, 20% duplicated, ~20% reordered or
/// delayed and 10% of API calls answer 5xx / 429 / time out; then refunds (admin and dashboard, some failing
/// at the gateway), the webhook backlog drains, reconciliation runs once, and every order must agree with
/// the gateway's truth (/_sandbox/state). N comes from ALIPAYPLUS_SOAK_ORDERS (default 150; the full run is 1000).
/// </summary>
[TestFixture]
[Category("Soak")]
[NonParallelizable]
public class FaultInjectionSoakTests
{
    private const int DefaultOrders = 150;
    private const int DefaultSeed = 20250601;
    private const int PaymentIntentStore = 1;
    private const int CheckoutSessionStore = 2;

    [Test]
    public async Task Every_order_agrees_with_WooshPay_after_faults_and_one_reconciliation()
    {
        var orderCount = SoakKit.ReadInt("ALIPAYPLUS_SOAK_ORDERS", DefaultOrders);
        var seed = SoakKit.ReadInt("ALIPAYPLUS_SOAK_SEED", DefaultSeed);
        var wall = Stopwatch.StartNew();

        await using var sandbox = await SandboxServer.StartAsync(SoakKit.SandboxOptions());
        using var admin = sandbox.CreateHttpClient();

        var apiAttempts = new ApiAttemptCounter();
        using var shop = new ShopWorld(
            services => services.OverrideWooshPayResilience(SoakKit.ClientResilience(), apiAttempts));
        await using var receiver = await PluginWebhookReceiver.StartAsync(shop.Provider);

        // Store 1 (and the shared store-0 configuration) sends shoppers to the cashier, store 2 to the hosted
        // checkout; each store has its own WooshPay account and webhook endpoint.
        var paymentIntentSettings = shop.Settings;
        var checkoutSessionSettings = new AlipayPlusSettings { UseTestEnvironment = true,
            Flow = PaymentFlow.CheckoutSession };
        foreach (var (storeId, settings) in new[] { (PaymentIntentStore, paymentIntentSettings),
            (CheckoutSessionStore, checkoutSessionSettings) })
        {
            settings.SecretKey = $"sk_test_soak{storeId}_{Guid.NewGuid():N}";
            settings.ApiBaseUrl = sandbox.BaseAddress.ToString();
            settings.ReconciliationBatchSize = orderCount * 10;
            shop.SetStoreSettings(storeId, settings);
            var endpoint = await shop.Get<IWooshPayClient>().CreateWebhookEndpointAsync(settings.ToWooshPayAccount(),
                new WebhookEndpointCreateRequest
                {
                    Url = receiver.UrlFor(storeId),
                    EnabledEvents = ["*"],
                    Description = "soak"
                }, $"soak-endpoint-{storeId}");
            settings.WebhookSecret = endpoint.Secret;
        }

        sandbox.Faults.Replace(SoakKit.Faults(seed));

        var run = new SoakRun(new ShopWorldSoakShop(shop), admin, seed, PaymentIntentStore, CheckoutSessionStore);

        // Shoppers.
        await SoakKit.ForEachBoundedAsync(Enumerable.Range(0, orderCount), run.ShopAsync);
        await SoakKit.WaitForDeliveriesAsync(admin, TimeSpan.FromSeconds(60), mustDrain: false);

        // The admin refunds some paid orders (full and partial), the merchant refunds a few in WooshPay's dashboard.
        var paidInShop = run.Orders.Where(SoakKit.IsPaid).ToList();
        await SoakKit.ForEachBoundedAsync(paidInShop, run.RefundAsync);

        // The backlog drains (refunds settle, retried deliveries land or give up), then one reconciliation.
        await SoakKit.WaitForRefundsToSettleAsync(admin, TimeSpan.FromSeconds(60));
        await SoakKit.WaitForDeliveriesAsync(admin, TimeSpan.FromSeconds(120 + orderCount / 10), mustDrain: true);
        var report = await shop.Get<ReconciliationService>().RunAsync();

        // Compare every order with the gateway's truth.
        var truth = JsonNode.Parse(await admin.GetStringAsync("_sandbox/state"))!;
        var verdict = Compare(shop, run, truth);
        wall.Stop();

        var progress = TestContext.Progress;
        progress.WriteLine($"soak: orders {run.Orders.Count} (seed {seed}, concurrency {SoakKit.Concurrency})");
        progress.WriteLine($"soak: checkout attempts started {run.Starts}, shopper returns {run.Returns}, start " +
            $"errors shown to shoppers {run.StartErrors}");
        progress.WriteLine($"soak: payments succeeded (sandbox) {verdict.SucceededAtGateway}");
        progress.WriteLine($"soak: orders Paid {verdict.PaidInShop}");
        progress.WriteLine($"soak: double-paid {verdict.DoublePaid}");
        progress.WriteLine($"soak: paid with a wrong amount or currency {verdict.WrongAmountOrCurrency}");
        progress.WriteLine($"soak: refunds requested {run.RefundsRequested} (admin {run.AdminRefunds}, accepted " +
            $"{run.AdminRefundsAccepted}; dashboard {run.DashboardRefunds}); refunds succeeded (sandbox) " +
            $"{verdict.RefundsSucceededAtGateway}, failed (sandbox) {verdict.RefundsFailedAtGateway}");
        progress.WriteLine($"soak: refunds applied twice {verdict.RefundsAppliedTwice}");
        progress.WriteLine($"soak: orders whose state differs from the gateway's {verdict.Differs.Count}");
        progress.WriteLine(
            $"soak: WooshPay API attempts {apiAttempts.Attempts}, answered 5xx/429 or timed out {apiAttempts.Faulted}");
        progress.WriteLine($"soak: webhooks received {receiver.Deliveries.Count + receiver.Crashed} (processor " +
            $"crashes {receiver.Crashed}); reconciliation {report}");
        progress.WriteLine($"soak: unexpected exceptions {run.Exceptions.Count}");
        progress.WriteLine($"soak: wall time {wall.Elapsed.TotalSeconds:F1} s");
        foreach (var line in verdict.Differs.Take(20))
            progress.WriteLine($"soak: differs: {line}");
        foreach (var exception in run.Exceptions.Take(5))
            progress.WriteLine($"soak: exception: {exception}");

        Assert.Multiple(() =>
        {
            Assert.That(verdict.DoublePaid, Is.Zero, "orders marked paid more than once");
            Assert.That(verdict.WrongAmountOrCurrency, Is.Zero, "orders paid with a wrong amount or currency");
            Assert.That(verdict.RefundsAppliedTwice, Is.Zero, "refunds applied twice");
            Assert.That(verdict.Differs, Is.Empty, "orders whose state differs from the gateway's");
            Assert.That(verdict.DoubleChargedAtGateway, Is.Zero, "orders with two succeeded payments at WooshPay");
            Assert.That(run.Exceptions, Is.Empty, "exceptions thrown by the plugin's services");
            Assert.That(receiver.Crashed, Is.Zero, "webhook deliveries the processor threw on");
            Assert.That(verdict.SucceededAtGateway, Is.GreaterThan(run.Orders.Count / 4),
                "the soak paid too few orders to say anything");
            Assert.That(apiAttempts.Faulted, Is.GreaterThan(apiAttempts.Attempts / 50),
                "the API faults were not in effect");
        });
    }

    private static Verdict Compare(ShopWorld shop, SoakRun run, JsonNode truth)
    {
        var intents = truth["payment_intents"]!.AsArray().Select(node => node!.AsObject()).ToList();
        var refunds = truth["refunds"]!.AsArray().Select(node => node!.AsObject()).ToList();
        var intentsById = intents.ToDictionary(intent => (string)intent["id"]);
        var intentsByOrder = intents
            .Where(intent => intent["metadata"]?[AttemptMetadata.OrderGuid] is not null)
            .ToLookup(intent => (string)intent["metadata"]![AttemptMetadata.OrderGuid]);
        var refundsByIntent = refunds.ToLookup(refund => (string)refund["payment_intent"]);
        var verdict = new Verdict
        {
            RefundsSucceededAtGateway = refunds.Count(refund => (string)refund["status"] == RefundStatus.Succeeded),
            RefundsFailedAtGateway = refunds.Count(refund => (string)refund["status"] == RefundStatus.Failed)
        };

        foreach (var order in run.Orders)
        {
            var succeeded = intentsByOrder[order.OrderGuid.ToString()]
                .Where(intent => (string)intent["status"] == PaymentIntentStatus.Succeeded)
                .ToList();
            var paidAtGateway = succeeded.Count > 0;
            var paidInShop = SoakKit.IsPaid(order);
            verdict.SucceededAtGateway += paidAtGateway ? 1 : 0;
            verdict.PaidInShop += paidInShop ? 1 : 0;
            verdict.DoubleChargedAtGateway += succeeded.Count > 1 ? 1 : 0;
            verdict.DoublePaid += shop.MarkedPaidCount(order) > 1 ? 1 : 0;

            if (paidInShop)
            {
                var capture = order.CaptureTransactionId is null
                    ? null
                    : intentsById.GetValueOrDefault(order.CaptureTransactionId);
                var expected = PresentmentCurrencies.Find(order.CustomerCurrencyCode)!.ToMinorUnits(
                    order.OrderTotal * order.CurrencyRate);
                if (capture is null || (string)capture["status"] != PaymentIntentStatus.Succeeded
                    || (long)capture["amount"] != expected
                    || !string.Equals((string)capture["currency"], order.CustomerCurrencyCode,
                        StringComparison.OrdinalIgnoreCase))
                    verdict.WrongAmountOrCurrency++;
            }

            if (paidAtGateway != paidInShop)
            {
                verdict.Differs.Add($"order {order.Id} ({Flow(order)}): WooshPay " +
                    $"{(paidAtGateway ? "succeeded" : "unpaid")}, shop {order.PaymentStatus}/{order.OrderStatus}; " +
                    $"{History(shop, order)}");
                continue;
            }

            if (!paidAtGateway)
                continue;

            var intent = succeeded[0];
            var intentAmount = (long)intent["amount"];
            var succeededRefunds = refundsByIntent[(string)intent["id"]]
                .Where(refund => (string)refund["status"] == RefundStatus.Succeeded)
                .ToList();
            var refundedMinor = succeededRefunds.Sum(refund => (long)refund["amount"]);
            var refundedPrimary = succeededRefunds
                .Sum(refund => SoakKit.ToPrimary(order, (string)intent["currency"], (long)refund["amount"]));
            var expectedStatus = refundedMinor == 0 ? PaymentStatus.Paid
                : refundedMinor >= intentAmount ? PaymentStatus.Refunded
                : PaymentStatus.PartiallyRefunded;
            if (order.RefundedAmount != refundedPrimary || order.PaymentStatus != expectedStatus)
                verdict.Differs.Add($"order {order.Id} ({Flow(order)}): WooshPay refunded {refundedMinor} of " +
                    $"{intentAmount} {(string)intent["currency"]} = {refundedPrimary} USD ({expectedStatus}), shop " +
                    $"{order.RefundedAmount} USD ({order.PaymentStatus}); {History(shop, order)}");
        }

        // A refund is applied twice when two plugin records carry it, or its dashboard application or its
        // failure reversal reached the order twice, or the admin's bookkeeping counted it twice.
        var twice = new HashSet<string>();
        foreach (var group in shop.Refunds.Rows
            .Where(refund => refund.RefundId is not null)
            .GroupBy(refund => refund.RefundId)
            .Where(g => g.Count() > 1))
            twice.Add(group.Key);
        foreach (var refundId in refunds.Select(refund => (string)refund["id"]))
        {
            var notes = shop.Notes
                .Where(note => note.Note.Contains(refundId + " ", StringComparison.Ordinal))
                .Select(note => note.Note)
                .ToList();
            if (notes.Count(note => note.Contains("applied to the order", StringComparison.Ordinal)) > 1
                || notes.Count(note => note.Contains("FAILED at WooshPay", StringComparison.Ordinal)) > 1)
                twice.Add(refundId);
        }
        foreach (var refundId in run.AdminCountedRefundIds
            .GroupBy(id => id)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key))
            twice.Add(refundId);
        verdict.RefundsAppliedTwice = twice.Count;

        return verdict;
    }

    private static string Flow(Order order) => order.StoreId == CheckoutSessionStore ? "session" : "intent";

    private static string History(ShopWorld shop, Order order)
    {
        var attempts = shop.Payments.Rows.Where(p => p.OrderId == order.Id).OrderBy(p => p.Attempt)
            .Select(p => $"#{p.Attempt} {p.PaymentIntentId ?? p.CheckoutSessionId} {p.Status}");
        var refunds = shop.Refunds.Rows.Where(r => r.OrderId == order.Id)
            .Select(r =>
                $"{r.RefundId ?? "(no id)"} {r.AmountMinor} {r.Status}{(r.FromDashboard ? " dashboard" : "")}");
        var notes = shop.NotesOf(order).OrderBy(n => n.CreatedOnUtc).Select(n => n.Note);
        return $"attempts [{string.Join("; ", attempts)}] refunds [{string.Join("; ", refunds)}] notes " +
            $"[{string.Join(" | ", notes)}]";
    }

    private sealed class Verdict
    {
        public int SucceededAtGateway;
        public int PaidInShop;
        public int DoublePaid;
        public int DoubleChargedAtGateway;
        public int WrongAmountOrCurrency;
        public int RefundsSucceededAtGateway;
        public int RefundsFailedAtGateway;
        public int RefundsAppliedTwice;
        public List<string> Differs { get; } = new();
    }

    /// <summary>ShopWorld as the soak's shop: one process, one object per order that every request shares.</summary>
    private sealed class ShopWorldSoakShop(ShopWorld shop) : ISoakShop
    {
        public Task<Order> PlaceOrderAsync(decimal total, string currency, decimal rate, int storeId) =>
            Task.FromResult(shop.PlaceOrder(total, currency, rate, storeId));

        public Task<Order> ReadOrderAsync(Order order) => Task.FromResult(order);

        public T Get<T>(Random random) => shop.Get<T>();

        public Task<RefundPaymentResult> AdminRefundAsync(Order order, decimal amount, bool isPartial, Random random) =>
            shop.AdminRefundAsync(order, amount, isPartial);
    }
}
