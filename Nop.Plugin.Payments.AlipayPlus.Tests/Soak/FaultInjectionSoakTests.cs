using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using NUnit.Framework;
using WooshPay.Sandbox;
using WooshPay.Sandbox.Faults;

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
    private const int Concurrency = 8;
    private const int PaymentIntentStore = 1;
    private const int CheckoutSessionStore = 2;
    private const string ReturnUrl = "https://shop.example/Plugins/AlipayPlus/Return";

    // Shopper currencies with the order's rate to the primary USD (WooshPay takes all of them).
    private static readonly (string Code, decimal Rate)[] Currencies = [("HKD", 7.8m), ("MYR", 4.7m), ("PHP", 58m), ("IDR", 16250m)];

    [Test]
    public async Task Every_order_agrees_with_WooshPay_after_faults_and_one_reconciliation()
    {
        var orderCount = ReadInt("ALIPAYPLUS_SOAK_ORDERS", DefaultOrders);
        var seed = ReadInt("ALIPAYPLUS_SOAK_SEED", DefaultSeed);
        var wall = Stopwatch.StartNew();

        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            // Long enough that the admin's own bookkeeping is done before a refund settles.
            RefundSettleDelay = TimeSpan.FromMilliseconds(400),
            RefundFailureRate = 0.15,
            WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(50),
            WebhookMaxAttempts = 10,
            WebhookTimeout = TimeSpan.FromSeconds(15)
        });
        using var admin = sandbox.CreateHttpClient();

        var apiAttempts = new ApiAttemptCounter();
        using var shop = new ShopWorld(services => services.OverrideWooshPayResilience(new WooshPayResilienceOptions
        {
            MaxRetries = 6,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromMilliseconds(750),
            TotalTimeout = TimeSpan.FromSeconds(30),
            MaxRetryAfter = TimeSpan.FromSeconds(2)
        }, apiAttempts));
        await using var receiver = await PluginWebhookReceiver.StartAsync(shop.Provider);

        // Store 1 (and the shared store-0 configuration) sends shoppers to the cashier, store 2 to the hosted
        // checkout; each store has its own WooshPay account and webhook endpoint.
        var paymentIntentSettings = shop.Settings;
        var checkoutSessionSettings = new AlipayPlusSettings { UseTestEnvironment = true, Flow = PaymentFlow.CheckoutSession };
        foreach (var (storeId, settings) in new[] { (PaymentIntentStore, paymentIntentSettings), (CheckoutSessionStore, checkoutSessionSettings) })
        {
            settings.SecretKey = $"sk_test_soak{storeId}_{Guid.NewGuid():N}";
            settings.ApiBaseUrl = sandbox.BaseAddress.ToString();
            settings.ReconciliationBatchSize = orderCount * 10;
            shop.SetStoreSettings(storeId, settings);
            var endpoint = await shop.Get<IWooshPayClient>().CreateWebhookEndpointAsync(settings.ToWooshPayAccount(), new WebhookEndpointCreateRequest
            {
                Url = receiver.UrlFor(storeId),
                EnabledEvents = ["*"],
                Description = "soak"
            }, $"soak-endpoint-{storeId}");
            settings.WebhookSecret = endpoint.Secret;
        }

        sandbox.Faults.Replace(new FaultSettings
        {
            Fail5xxRate = 0.04,
            Fail429Rate = 0.03,
            RetryAfterSeconds = 0,
            TimeoutRate = 0.03,
            TimeoutMs = 1500,
            WebhookDropRate = 0.2,
            WebhookDuplicateRate = 0.2,
            WebhookDelayRate = 0.1,
            WebhookDelayMs = 400,
            WebhookReorderRate = 0.1,
            Seed = seed
        });

        var run = new SoakRun(shop, admin, seed);

        // Shoppers.
        await ForEachBoundedAsync(Enumerable.Range(0, orderCount), run.ShopAsync);
        await WaitForDeliveriesAsync(admin, TimeSpan.FromSeconds(60), mustDrain: false);

        // The admin refunds some paid orders (full and partial), the merchant refunds a few in WooshPay's dashboard.
        var paidInShop = run.Orders.Where(IsPaid).ToList();
        await ForEachBoundedAsync(paidInShop, run.RefundAsync);

        // The backlog drains (refunds settle, retried deliveries land or give up), then one reconciliation.
        await WaitForRefundsToSettleAsync(admin, TimeSpan.FromSeconds(60));
        await WaitForDeliveriesAsync(admin, TimeSpan.FromSeconds(120 + orderCount / 10), mustDrain: true);
        var report = await shop.Get<IReconciliationService>().RunAsync();

        // Compare every order with the gateway's truth.
        var truth = JsonNode.Parse(await admin.GetStringAsync("_sandbox/state"))!;
        var verdict = Compare(shop, run, truth);
        wall.Stop();

        var progress = TestContext.Progress;
        progress.WriteLine($"soak: orders {run.Orders.Count} (seed {seed}, concurrency {Concurrency})");
        progress.WriteLine($"soak: checkout attempts started {run.Starts}, shopper returns {run.Returns}, start errors shown to shoppers {run.StartErrors}");
        progress.WriteLine($"soak: payments succeeded (sandbox) {verdict.SucceededAtGateway}");
        progress.WriteLine($"soak: orders Paid {verdict.PaidInShop}");
        progress.WriteLine($"soak: double-paid {verdict.DoublePaid}");
        progress.WriteLine($"soak: paid with a wrong amount or currency {verdict.WrongAmountOrCurrency}");
        progress.WriteLine($"soak: refunds requested {run.RefundsRequested} (admin {run.AdminRefunds}, accepted {run.AdminRefundsAccepted}; dashboard {run.DashboardRefunds}); refunds succeeded (sandbox) {verdict.RefundsSucceededAtGateway}, failed (sandbox) {verdict.RefundsFailedAtGateway}");
        progress.WriteLine($"soak: refunds applied twice {verdict.RefundsAppliedTwice}");
        progress.WriteLine($"soak: orders whose state differs from the gateway's {verdict.Differs.Count}");
        progress.WriteLine($"soak: WooshPay API attempts {apiAttempts.Attempts}, answered 5xx/429 or timed out {apiAttempts.Faulted}");
        progress.WriteLine($"soak: webhooks received {receiver.Deliveries.Count + receiver.Crashed} (processor crashes {receiver.Crashed}); reconciliation {report}");
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
            Assert.That(verdict.SucceededAtGateway, Is.GreaterThan(run.Orders.Count / 4), "the soak paid too few orders to say anything");
            Assert.That(apiAttempts.Faulted, Is.GreaterThan(apiAttempts.Attempts / 50), "the API faults were not in effect");
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
            var succeeded = intentsByOrder[order.OrderGuid.ToString()].Where(intent => (string)intent["status"] == PaymentIntentStatus.Succeeded).ToList();
            var paidAtGateway = succeeded.Count > 0;
            var paidInShop = IsPaid(order);
            verdict.SucceededAtGateway += paidAtGateway ? 1 : 0;
            verdict.PaidInShop += paidInShop ? 1 : 0;
            verdict.DoubleChargedAtGateway += succeeded.Count > 1 ? 1 : 0;
            verdict.DoublePaid += shop.MarkedPaidCount(order) > 1 ? 1 : 0;

            if (paidInShop)
            {
                var capture = order.CaptureTransactionId is null ? null : intentsById.GetValueOrDefault(order.CaptureTransactionId);
                var expected = PresentmentCurrencies.Find(order.CustomerCurrencyCode)!.ToMinorUnits(order.OrderTotal * order.CurrencyRate);
                if (capture is null || (string)capture["status"] != PaymentIntentStatus.Succeeded || (long)capture["amount"] != expected
                    || !string.Equals((string)capture["currency"], order.CustomerCurrencyCode, StringComparison.OrdinalIgnoreCase))
                    verdict.WrongAmountOrCurrency++;
            }

            if (paidAtGateway != paidInShop)
            {
                verdict.Differs.Add($"order {order.Id} ({Flow(order)}): WooshPay {(paidAtGateway ? "succeeded" : "unpaid")}, shop {order.PaymentStatus}/{order.OrderStatus}; {History(shop, order)}");
                continue;
            }

            if (!paidAtGateway)
                continue;

            var intent = succeeded[0];
            var intentAmount = (long)intent["amount"];
            var succeededRefunds = refundsByIntent[(string)intent["id"]].Where(refund => (string)refund["status"] == RefundStatus.Succeeded).ToList();
            var refundedMinor = succeededRefunds.Sum(refund => (long)refund["amount"]);
            var refundedPrimary = succeededRefunds.Sum(refund => ToPrimary(order, (string)intent["currency"], (long)refund["amount"]));
            var expectedStatus = refundedMinor == 0 ? PaymentStatus.Paid
                : refundedMinor >= intentAmount ? PaymentStatus.Refunded
                : PaymentStatus.PartiallyRefunded;
            if (order.RefundedAmount != refundedPrimary || order.PaymentStatus != expectedStatus)
                verdict.Differs.Add($"order {order.Id} ({Flow(order)}): WooshPay refunded {refundedMinor} of {intentAmount} {(string)intent["currency"]} = {refundedPrimary} USD ({expectedStatus}), shop {order.RefundedAmount} USD ({order.PaymentStatus}); {History(shop, order)}");
        }

        // A refund is applied twice when two plugin records carry it, or its dashboard application or its
        // failure reversal reached the order twice, or the admin's bookkeeping counted it twice.
        var twice = new HashSet<string>();
        foreach (var group in shop.Refunds.Rows.Where(refund => refund.RefundId is not null).GroupBy(refund => refund.RefundId).Where(g => g.Count() > 1))
            twice.Add(group.Key);
        foreach (var refundId in refunds.Select(refund => (string)refund["id"]))
        {
            var notes = shop.Notes.Where(note => note.Note.Contains(refundId + " ", StringComparison.Ordinal)).Select(note => note.Note).ToList();
            if (notes.Count(note => note.Contains("applied to the order", StringComparison.Ordinal)) > 1
                || notes.Count(note => note.Contains("FAILED at WooshPay", StringComparison.Ordinal)) > 1)
                twice.Add(refundId);
        }
        foreach (var refundId in run.AdminCountedRefundIds.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key))
            twice.Add(refundId);
        verdict.RefundsAppliedTwice = twice.Count;

        return verdict;
    }

    private static decimal ToPrimary(Order order, string currency, long minor)
    {
        var rate = string.Equals(currency, order.CustomerCurrencyCode, StringComparison.OrdinalIgnoreCase) && order.CurrencyRate > 0 ? order.CurrencyRate : 1m;
        return Math.Round(PresentmentCurrencies.Find(currency)!.FromMinorUnits(minor) / rate, 2, MidpointRounding.AwayFromZero);
    }

    private static string Flow(Order order) => order.StoreId == CheckoutSessionStore ? "session" : "intent";

    private static string History(ShopWorld shop, Order order)
    {
        var attempts = shop.Payments.Rows.Where(p => p.OrderId == order.Id).OrderBy(p => p.Attempt)
            .Select(p => $"#{p.Attempt} {p.PaymentIntentId ?? p.CheckoutSessionId} {p.Status}");
        var refunds = shop.Refunds.Rows.Where(r => r.OrderId == order.Id)
            .Select(r => $"{r.RefundId ?? "(no id)"} {r.AmountMinor} {r.Status}{(r.FromDashboard ? " dashboard" : "")}");
        var notes = shop.NotesOf(order).OrderBy(n => n.CreatedOnUtc).Select(n => n.Note);
        return $"attempts [{string.Join("; ", attempts)}] refunds [{string.Join("; ", refunds)}] notes [{string.Join(" | ", notes)}]";
    }

    private static bool IsPaid(Order order) => order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded;

    private static async Task ForEachBoundedAsync<T>(IEnumerable<T> items, Func<T, Task> work)
    {
        using var slots = new SemaphoreSlim(Concurrency);
        var tasks = items.Select(async item =>
        {
            await slots.WaitAsync();
            try
            {
                await work(item);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks);
    }

    private static async Task WaitForRefundsToSettleAsync(HttpClient admin, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        while (true)
        {
            var state = JsonNode.Parse(await admin.GetStringAsync("_sandbox/state"))!;
            if (!state["refunds"]!.AsArray().Any(refund => (string)refund!["status"] == RefundStatus.Pending))
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"refunds still pending at the sandbox after {budget}");
            await Task.Delay(200);
        }
    }

    private static async Task WaitForDeliveriesAsync(HttpClient admin, TimeSpan budget, bool mustDrain)
    {
        var deadline = DateTime.UtcNow + budget;
        while (true)
        {
            var pending = JsonNode.Parse(await admin.GetStringAsync("_sandbox/deliveries?state=pending"))!["data"]!.AsArray();
            if (pending.Count == 0)
                return;
            if (DateTime.UtcNow > deadline)
            {
                if (mustDrain)
                    Assert.Fail($"{pending.Count} webhook deliveries still pending after {budget}: {string.Join(", ", pending.Take(5).Select(d => $"{d!["event_type"]} attempts {d["attempts"]} last {d["last_status_code"]}"))}");
                return;
            }

            await Task.Delay(250);
        }
    }

    private static int ReadInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

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

    /// <summary>The shoppers and the admin: every decision is drawn from a Random seeded per order.</summary>
    private sealed class SoakRun
    {
        private readonly ShopWorld _shop;
        private readonly HttpClient _admin;
        private readonly int _seed;
        private readonly ConcurrentDictionary<int, Order> _orders = new();

        public SoakRun(ShopWorld shop, HttpClient admin, int seed)
        {
            _shop = shop;
            _admin = admin;
            _seed = seed;
        }

        public IReadOnlyList<Order> Orders => _orders.Values.OrderBy(order => order.Id).ToList();
        public ConcurrentQueue<string> Exceptions { get; } = new();
        public ConcurrentBag<string> AdminCountedRefundIds { get; } = new();
        public int Starts;
        public int StartErrors;
        public int Returns;
        public int AdminRefunds;
        public int AdminRefundsAccepted;
        public int DashboardRefunds;
        public int RefundsRequested => AdminRefunds + DashboardRefunds;

        public async Task ShopAsync(int index)
        {
            var random = new Random(unchecked(_seed * 1_000_003 + index));
            var storeId = random.Next(2) == 0 ? PaymentIntentStore : CheckoutSessionStore;
            var (currency, rate) = Currencies[random.Next(Currencies.Length)];
            var total = Math.Round(5m + (decimal)random.NextDouble() * 495m, 2);
            var order = _shop.PlaceOrder(total, currency, rate, storeId);
            _orders[order.Id] = order;

            try
            {
                for (var attempt = 1; attempt <= 3; attempt++)
                {
                    var start = await StartAsync(order);
                    if (start is null)
                        return;

                    // Paid already, or the payment is being processed: the shopper only looks at the return page.
                    if (start.RedirectUrl is null)
                    {
                        await ReturnAsync(order);
                        return;
                    }

                    var payment = await _shop.Get<IPaymentRecordService>().GetLatestByOrderIdAsync(order.Id);
                    var roll = random.NextDouble();
                    var action = roll < 0.6 ? "pay" : roll < 0.8 ? "fail" : roll < 0.9 ? "cancel" : "abandon";
                    if (action != "abandon")
                        await ActAsync(payment, action);

                    if (random.NextDouble() < 0.6)
                        await ReturnAsync(order);

                    // Some shoppers try again after a failure or a cancel; the others leave.
                    if (action is "pay" or "abandon" || random.NextDouble() < 0.4)
                        return;
                }
            }
            catch (Exception exception)
            {
                Exceptions.Enqueue($"order {order.Id}: {exception}");
            }
        }

        private async Task<PaymentStartResult> StartAsync(Order order)
        {
            // A gateway error is shown to the shopper, who clicks "pay" again a couple of times.
            for (var click = 0; click < 3; click++)
            {
                Interlocked.Increment(ref Starts);
                var result = await _shop.Get<ICheckoutPaymentService>().StartAsync(order, $"{ReturnUrl}?orderGuid={order.OrderGuid}");
                if (result.Succeeded)
                    return result;
                Interlocked.Increment(ref StartErrors);
            }

            return null;
        }

        private async Task ReturnAsync(Order order)
        {
            Interlocked.Increment(ref Returns);
            await _shop.Get<IPaymentReturnService>().GetStateAsync(order);
        }

        private async Task ActAsync(AlipayPlusPayment payment, string action)
        {
            // The wallet page: pay, fail or cancel the cashier (intent) or the hosted checkout (session).
            var path = payment.Flow == PaymentFlow.CheckoutSession
                ? $"_sandbox/checkout/sessions/{payment.CheckoutSessionId}/{action}"
                : $"_sandbox/payment_intents/{payment.PaymentIntentId}/{action}";
            using var response = await _admin.PostAsJsonAsync(path, new { });
            // 400 = no longer payable (closed meanwhile): the shopper sees the wallet's error page.
            if (!response.IsSuccessStatusCode && (int)response.StatusCode != 400)
                Exceptions.Enqueue($"sandbox {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        public async Task RefundAsync(Order order)
        {
            var random = new Random(unchecked(_seed * 7_919 + order.Id * 31 + 17));
            try
            {
                var roll = random.NextDouble();
                if (roll < 0.3)
                {
                    if (random.NextDouble() < 0.4)
                    {
                        await AdminRefundAsync(order, order.OrderTotal, partial: false);
                        return;
                    }

                    var partials = random.NextDouble() < 0.3 ? 2 : 1;
                    for (var i = 0; i < partials; i++)
                        await AdminRefundAsync(order, Math.Max(0.01m, Math.Round((decimal)random.NextDouble() * order.OrderTotal / 2, 2)), partial: true);
                }
                else if (roll < 0.36)
                {
                    await DashboardRefundAsync(order, random);
                }
            }
            catch (Exception exception)
            {
                Exceptions.Enqueue($"refund of order {order.Id}: {exception}");
            }
        }

        private async Task AdminRefundAsync(Order order, decimal amount, bool partial)
        {
            Interlocked.Increment(ref AdminRefunds);
            var result = await _shop.Get<IRefundService>().RefundAsync(order, amount, partial);
            if (!result.Success)
                return;

            // What nopCommerce's OrderProcessingService does after the payment method accepted a refund.
            Interlocked.Increment(ref AdminRefundsAccepted);
            order.RefundedAmount += amount;
            order.PaymentStatus = result.NewPaymentStatus;
            var latest = _shop.Refunds.Rows.Where(r => r.OrderId == order.Id && !r.FromDashboard).MaxBy(r => r.Id);
            if (latest?.RefundId is not null)
                AdminCountedRefundIds.Add(latest.RefundId);
        }

        private async Task DashboardRefundAsync(Order order, Random random)
        {
            var payment = (await _shop.Get<IPaymentRecordService>().GetByOrderIdAsync(order.Id)).Last(p => p.Status == PaymentIntentStatus.Succeeded);
            var full = random.NextDouble() < 0.5;
            var fail = random.NextDouble() < 0.25;
            var body = new JsonObject { ["payment_intent"] = payment.PaymentIntentId, ["reason"] = RefundReasons.RequestedByCustomer };
            if (!full)
                body["amount"] = Math.Max(1, payment.AmountMinor / (2 + random.Next(3)));
            if (fail)
                body["metadata"] = new JsonObject { ["sandbox_outcome"] = "failed" };

            Interlocked.Increment(ref DashboardRefunds);
            using var response = await _admin.PostAsJsonAsync("_sandbox/refunds", body);
            if (!response.IsSuccessStatusCode)
                Exceptions.Enqueue($"dashboard refund of order {order.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
