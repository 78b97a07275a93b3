using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Payments;
using WooshPay.Sandbox;
using WooshPay.Sandbox.Faults;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Soak;

/// <summary>
/// The fault-injection soak on a web farm: the same shoppers and admin (<see cref="SoakRun"/>) on two store nodes that
/// share one PostgreSQL, each request on a node drawn at random, under the in-memory soak's weather plus what only a
/// farm has: every webhook delivery handed to both nodes at once, two stores on one WooshPay account (every event
/// reaches both stores' endpoints), refunds whose answer is lost or whose key is still in use (409), and nodes dying
/// between steps. WooshPay's later retries (after the dead nodes' claim leases) and reconciliation then finish the
/// work, and every order must agree with the gateway. N comes from ALIPAYPLUS_FARM_SOAK_ORDERS (default 100).
/// The cases with crashes are explicit while the last plugin fault
/// they found is there (docs/soak.md, "Two nodes on PostgreSQL").
/// </summary>
[TestFixture]
[Category("Soak")]
[NonParallelizable]
public class FarmSoakTests
{
    private const int DefaultOrders = 100;
    private const int DefaultSeed = 20250601;
    private const int PaymentIntentStore = 1;
    private const int CheckoutSessionStore = 2;

    // Share of requests before which a crash is armed on a random node; it strikes whatever that node does next there.
    private const double CrashRate = 0.06;

    // nopCommerce's own booking of a refund the payment method accepted, as an effect (the plugin never makes it).
    private const string AcceptedRefund = ShopOrderEffect.AcceptedRefund;

    private static readonly (string Where, Action<FarmNode, Random> Arm)[] CrashPoints =
    [
        ("after MarkOrderAsPaid", (node, _) => node.CrashOn(FarmStep.AfterMarkOrderAsPaid)),
        ("before MarkOrderAsPaid", (node, _) => node.CrashOn(FarmStep.BeforeMarkOrderAsPaid)),
        ("after an offline refund", (node, _) => node.CrashOn(FarmStep.AfterRefundOffline)),
        ("after an offline partial refund", (node, _) => node.CrashOn(FarmStep.AfterPartiallyRefundOffline)),
        ("after a cancellation", (node, _) => node.CrashOn(FarmStep.AfterCancelOrder)),
        ("after an order update", (node, _) => node.CrashOn(FarmStep.AfterUpdateOrder)),
        ("after an order note", (node, _) => node.CrashOn(FarmStep.AfterInsertOrderNote)),
        ("after a claim insert",
            (node, random) => node.CrashOnWrite<AlipayPlusClaim>(RepositoryWrite.Insert, 1 + random.Next(3))),
        ("before a claim completes",
            (node, random) => node.CrashOnWrite<AlipayPlusClaim>(RepositoryWrite.Update, 1 + random.Next(3),
                CrashMoment.BeforeWrite)),
        ("before an attempt is recorded",
            (node, _) => node.CrashOnWrite<AlipayPlusPayment>(RepositoryWrite.Update, 1, CrashMoment.BeforeWrite)),
        ("after a refund record is written",
            (node, _) => node.CrashOnWrite<AlipayPlusRefund>(RepositoryWrite.Update, 1))
    ];

    [TestCase(FarmLocking.CheckThenSet)]
    [TestCase(FarmLocking.NeverExcluding)]
    public Task
        Every_order_on_two_nodes_agrees_with_WooshPay_after_deliveries_to_both_nodes_of_two_stores_on_one_account(
            FarmLocking locking) =>
        SoakAsync(locking, crashRate: 0);

    [TestCase(FarmLocking.CheckThenSet)]
    [TestCase(FarmLocking.NeverExcluding)]
    public Task Every_order_on_two_nodes_agrees_with_WooshPay_when_nodes_also_die_between_steps(FarmLocking locking) =>
        SoakAsync(locking, CrashRate);

    private static async Task SoakAsync(FarmLocking locking, double crashRate)
    {
        var orderCount = SoakKit.ReadInt("ALIPAYPLUS_FARM_SOAK_ORDERS", DefaultOrders);
        var seed = SoakKit.ReadInt("ALIPAYPLUS_FARM_SOAK_SEED", DefaultSeed);
        var wall = Stopwatch.StartNew();

        var options = SoakKit.SandboxOptions();
        // WooshPay's retries, compressed harder than the in-memory soak's: a delivery a dead node's claim holds back
        // gives up within seconds, and is sent again once the lease has run out (below).
        options.WebhookMaxAttempts = 8;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var admin = sandbox.CreateHttpClient();

        var apiAttempts = new ApiAttemptCounter();
        await using var farm = await Farm.StartAsync(new FarmOptions
        {
            Locking = locking,
            Sandbox = sandbox,
            Configure = (_, services) => services.OverrideWooshPayResilience(SoakKit.ClientResilience(), apiAttempts)
        });
        await using var receiver = await PluginWebhookReceiver.StartAsync(
            farm.Nodes.Select(node => (IServiceProvider)node.Provider).ToList());

        // One WooshPay account (the farm's key) for both stores: store 1 sends shoppers to the cashier, store 2 to the
        // hosted checkout, and each registered its own endpoint, so every event of either store reaches both.
        farm.Settings.ReconciliationBatchSize = orderCount * 10;
        foreach (var (storeId, flow) in new[] { (PaymentIntentStore, PaymentFlow.PaymentIntent),
            (CheckoutSessionStore, PaymentFlow.CheckoutSession) })
        {
            var settings = new AlipayPlusSettings
            {
                UseTestEnvironment = true,
                Flow = flow,
                SecretKey = farm.Settings.SecretKey,
                ApiBaseUrl = farm.Settings.ApiBaseUrl,
                ReconciliationBatchSize = orderCount * 10
            };
            var endpoint = await farm[0].Get<IWooshPayClient>().CreateWebhookEndpointAsync(settings.ToWooshPayAccount(),
                new WebhookEndpointCreateRequest
                {
                    Url = receiver.UrlFor(storeId),
                    EnabledEvents = ["*"],
                    Description = $"farm soak store {storeId}"
                }, $"farm-soak-endpoint-{storeId}");
            settings.WebhookSecret = endpoint.Secret;
            farm.SetStoreSettings(storeId, settings);
        }

        sandbox.Faults.Replace(Weather(seed));
        var shop = new FarmSoakShop(farm, seed, crashRate);
        var run = new SoakRun(shop, admin, seed, PaymentIntentStore, CheckoutSessionStore);

        // Shoppers.
        await SoakKit.ForEachBoundedAsync(Enumerable.Range(0, orderCount), run.ShopAsync);
        await SoakKit.WaitForDeliveriesAsync(admin, TimeSpan.FromSeconds(10), mustDrain: false);

        // Refunds, while refund calls now and then lose their answer after WooshPay made the refund, or are held long
        // enough that the client's retry with the same key is answered 409 (in use).
        var paidInShop = (await CurrentOrdersAsync(farm, run)).Where(SoakKit.IsPaid).ToList();
        using (var storms = new CancellationTokenSource())
        {
            var weather = AlternateRefundStormsAsync(sandbox, seed, storms.Token);
            await SoakKit.ForEachBoundedAsync(paidInShop, run.RefundAsync);
            await storms.CancelAsync();
            await weather;
        }

        sandbox.Faults.Replace(Weather(seed));
        await SoakKit.WaitForRefundsToSettleAsync(admin, TimeSpan.FromSeconds(60));
        await SoakKit.WaitForDeliveriesAsync(admin, TimeSpan.FromSeconds(120 + orderCount / 10), mustDrain: true);
        var openBeforeLease = (await farm.Repository<AlipayPlusClaim>()
            .GetAllAsync(q => q.Where(c => c.CompletedOnUtc == null))).Count;

        // The dead nodes' leases run out: no more crashes, both nodes two minutes on. WooshPay keeps retrying a failed
        // delivery for days, so its next retry comes after the lease; then the reconciliation task runs until it has
        // nothing left to do (a run skips what another holds, or stops when WooshPay throttles it).
        foreach (var node in farm.Nodes)
        {
            node.Crashes.DisarmAll();
            node.Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(5));
        }

        var redelivered = await RedeliverFailedAsync(admin);
        await SoakKit.WaitForDeliveriesAsync(admin, TimeSpan.FromSeconds(120), mustDrain: true);
        var reports = new List<ReconciliationReport>();
        do
            reports.Add(await farm[reports.Count % farm.Nodes.Count].Get<ReconciliationService>().RunAsync());
        while (reports.Count < 3 && (reports[^1].Changed > 0 || reports[^1].Skipped > 0 || reports[^1].Throttled));

        // Compare every order with the gateway's truth.
        var truth = JsonNode.Parse(await admin.GetStringAsync("_sandbox/state"))!;
        var verdict = await CompareAsync(farm, run, truth);
        wall.Stop();

        var progress = TestContext.Progress;
        var prefix = $"farm soak ({locking}{(crashRate > 0 ? ", crashes" : "")})";
        var crashes = farm.Nodes.SelectMany(node => node.Crashes.FiredAt).ToList();
        progress.WriteLine($"{prefix}: orders {run.Orders.Count} on {farm.Nodes.Count} nodes (seed {seed}, " +
            $"concurrency {SoakKit.Concurrency})");
        progress.WriteLine($"{prefix}: checkout attempts started {run.Starts}, shopper returns {run.Returns}, start " +
            $"errors shown to shoppers {run.StartErrors}");
        progress.WriteLine($"{prefix}: payments succeeded (sandbox) {verdict.SucceededAtGateway}; orders paid in the " +
            $"shop {verdict.PaidInShop}");
        progress.WriteLine($"{prefix}: refunds requested {run.RefundsRequested} (admin {run.AdminRefunds}, accepted " +
            $"{run.AdminRefundsAccepted}; dashboard {run.DashboardRefunds}); refunds succeeded (sandbox) " +
            $"{verdict.RefundsSucceededAtGateway}, failed (sandbox) {verdict.RefundsFailedAtGateway}");
        progress.WriteLine($"{prefix}: crashes armed {shop.CrashesArmed}, fired {crashes.Count} " +
            $"({string.Join(", ", crashes
                .Select(c => c[(c.IndexOf(' ', 13) + 1)..])
                .GroupBy(w => w)
                .OrderByDescending(g => g.Count())
                .Select(g => $"{g.Key} {g.Count()}"))}); " +
            $"requests that died under the shopper or admin {run.RequestsDied}, webhook deliveries a node died in " +
            $"{receiver.Died}");
        progress.WriteLine($"{prefix}: WooshPay API attempts {apiAttempts.Attempts}, answered 5xx/429 or timed out " +
            $"{apiAttempts.Faulted}, answered 409 {apiAttempts.Conflicts}");
        progress.WriteLine($"{prefix}: webhook deliveries handled by a node {receiver.Deliveries.Count} (node a " +
            $"{receiver.Deliveries.Count(d => d.Node == 0)}, node b {receiver.Deliveries.Count(d => d.Node == 1)}), " +
            $"answered 503 {receiver.Deliveries.Count(d => d.Result.StatusCode == 503)}, 500 " +
            $"{receiver.Deliveries.Count(d => d.Result.StatusCode == 500)}, other store's order acknowledged " +
            $"{receiver.Deliveries.Count(d => d.Result.Message?.Contains("belongs to store") == true)}; processor " +
            $"crashes {receiver.Crashed}");
        progress.WriteLine($"{prefix}: claims open before the leases ran out {openBeforeLease}; failed deliveries " +
            $"retried after the lease {redelivered}");
        progress.WriteLine($"{prefix}: reconciliation runs {reports.Count}: {string.Join(" | ", reports)}");
        progress.WriteLine($"{prefix}: must be 0: orders marked paid twice {verdict.MarkedPaidTwice}");
        progress.WriteLine(
            $"{prefix}: must be 0: orders paid at WooshPay but not in the shop {verdict.PaidOnlyAtGateway}");
        progress.WriteLine(
            $"{prefix}: must be 0: orders paid in the shop but not at WooshPay {verdict.PaidOnlyInShop}");
        progress.WriteLine(
            $"{prefix}: must be 0: paid with a wrong amount or currency {verdict.WrongAmountOrCurrency}");
        progress.WriteLine(
            $"{prefix}: must be 0: orders with two succeeded payments at WooshPay {verdict.DoubleChargedAtGateway}");
        progress.WriteLine($"{prefix}: must be 0: refunds applied twice {verdict.RefundsAppliedTwice}");
        progress.WriteLine($"{prefix}: must be 0: orders whose refunded amount or status differs from WooshPay's " +
            $"{verdict.RefundDiffers}");
        progress.WriteLine($"{prefix}: must be 0: notes duplicated {verdict.NotesDuplicated}");
        progress.WriteLine(
            $"{prefix}: must be 0: claims left uncompleted after the final reconciliation {verdict.OpenClaims.Count}");
        progress.WriteLine($"{prefix}: must be 0: unexpected exceptions {run.Exceptions.Count}");
        progress.WriteLine($"{prefix}: wall time {wall.Elapsed.TotalSeconds:F1} s");
        foreach (var line in verdict.Findings.Take(20))
            progress.WriteLine($"{prefix}: finding: {line}");
        foreach (var claim in verdict.OpenClaims.Take(20))
            progress.WriteLine($"{prefix}: open claim: {claim}");
        foreach (var crash in receiver.CrashMessages.Take(5))
            progress.WriteLine($"{prefix}: processor crash: {crash}");
        foreach (var exception in run.Exceptions.Take(5))
            progress.WriteLine($"{prefix}: exception: {exception}");
        if (verdict.Findings.Count > 0 || verdict.OpenClaims.Count > 0)
            foreach (var crash in crashes.Order())
                progress.WriteLine($"{prefix}: crash: {crash}");

        Assert.Multiple(() =>
        {
            Assert.That(verdict.MarkedPaidTwice, Is.Zero, "orders marked paid more than once");
            Assert.That(verdict.PaidOnlyAtGateway, Is.Zero, "orders paid at WooshPay but not in the shop");
            Assert.That(verdict.PaidOnlyInShop, Is.Zero, "orders paid in the shop but not at WooshPay");
            Assert.That(verdict.WrongAmountOrCurrency, Is.Zero, "orders paid with a wrong amount or currency");
            Assert.That(verdict.DoubleChargedAtGateway, Is.Zero, "orders with two succeeded payments at WooshPay");
            Assert.That(verdict.RefundsAppliedTwice, Is.Zero, "refunds applied twice");
            Assert.That(verdict.RefundDiffers, Is.Zero, "orders whose refunded amount differs from WooshPay's");
            Assert.That(verdict.NotesDuplicated, Is.Zero, "notes written twice");
            Assert.That(verdict.OpenClaims, Is.Empty, "claims left uncompleted after the final reconciliation");
            Assert.That(run.Exceptions, Is.Empty, "exceptions thrown by the plugin's services");
            Assert.That(receiver.Crashed, Is.Zero, "webhook deliveries the processor threw on");
            Assert.That(verdict.SucceededAtGateway, Is.GreaterThan(run.Orders.Count / 4),
                "the soak paid too few orders to say anything");
            Assert.That(crashes, crashRate > 0 ? Is.Not.Empty : Is.Empty, "nodes died as planned");
            Assert.That(apiAttempts.Faulted, Is.GreaterThan(apiAttempts.Attempts / 50),
                "the API faults were not in effect");
        });
    }

    /// <summary>The in-memory soak's weather, on an account that answers
    /// a same-key call still in flight with 409.</summary>
    private static FaultSettings Weather(int seed)
    {
        var faults = SoakKit.Faults(seed);
        faults.SameKeyInFlight = SameKeyModes.Conflict;
        return faults;
    }

    /// <summary>
    /// Two seconds in three, refund calls alone are struck: held past the client's attempt timeout (its retry with the
    /// same key finds the key in use: 409), or failing only after
    /// WooshPay made the refund. The webhooks' weather goes on.
    /// </summary>
    private static async Task AlternateRefundStormsAsync(RunningSandbox sandbox, int seed, CancellationToken stop)
    {
        try
        {
            for (var round = 1; !stop.IsCancellationRequested; round++)
            {
                var storm = Weather(seed + round);
                storm.OnlyMethod = "POST";
                storm.OnlyPath = "/v1/refunds";
                storm.FailPhase = FaultPhases.After;
                storm.Fail5xxRate = 0.15;
                storm.TimeoutRate = 0.05;
                storm.ProcessingDelayMs = 900;
                sandbox.Faults.Replace(storm);
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
                sandbox.Faults.Replace(Weather(seed + round));
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Sends every delivery that ran out of attempts once more, as WooshPay's later retry would.</summary>
    private static async Task<int> RedeliverFailedAsync(HttpClient admin)
    {
        var failed = JsonNode.Parse(await admin.GetStringAsync("_sandbox/deliveries?state=failed"))!["data"]!.AsArray();
        foreach (var delivery in failed)
        {
            using var response = await admin.PostAsJsonAsync($"_sandbox/deliveries/{(string)delivery!["id"]}/resend",
                new { });
            response.EnsureSuccessStatusCode();
        }

        return failed.Count;
    }

    private static async Task<List<Order>> CurrentOrdersAsync(Farm farm, SoakRun run)
    {
        var ids = run.Orders.Select(order => order.Id).ToHashSet();
        return (await farm.Repository<Order>().GetAllAsync(q => q.OrderBy(o => o.Id)))
            .Where(order => ids.Contains(order.Id))
            .ToList();
    }

    private static async Task<Verdict> CompareAsync(Farm farm, SoakRun run, JsonNode truth)
    {
        var intents = truth["payment_intents"]!.AsArray().Select(node => node!.AsObject()).ToList();
        var refunds = truth["refunds"]!.AsArray().Select(node => node!.AsObject()).ToList();
        var intentsById = intents.ToDictionary(intent => (string)intent["id"]);
        var intentsByOrder = SoakKit.IntentsByOrderGuid(intents);
        var refundsByIntent = refunds.ToLookup(refund => (string)refund["payment_intent"]);
        var record = new FarmRecord(
            await CurrentOrdersAsync(farm, run),
            await farm.Repository<ShopOrderEffect>().GetAllAsync(q => q.OrderBy(e => e.Id)),
            await farm.Repository<OrderNote>().GetAllAsync(q => q.OrderBy(n => n.Id)),
            await farm.Repository<AlipayPlusPayment>().GetAllAsync(q => q.OrderBy(p => p.Id)),
            await farm.Repository<AlipayPlusRefund>().GetAllAsync(q => q.OrderBy(r => r.Id)),
            await farm.Repository<AlipayPlusClaim>().GetAllAsync(q => q.OrderBy(c => c.Id)));
        var verdict = new Verdict
        {
            RefundsSucceededAtGateway = refunds.Count(refund => (string)refund["status"] == RefundStatus.Succeeded),
            RefundsFailedAtGateway = refunds.Count(refund => (string)refund["status"] == RefundStatus.Failed)
        };

        foreach (var order in record.Orders)
        {
            var succeeded = intentsByOrder[order.OrderGuid.ToString()].Where(SoakKit.Succeeded).ToList();
            var paidAtGateway = succeeded.Count > 0;
            var paidInShop = SoakKit.IsPaid(order);
            var effects = record.Effects[order.Id].ToList();
            verdict.SucceededAtGateway += paidAtGateway ? 1 : 0;
            verdict.PaidInShop += paidInShop ? 1 : 0;
            verdict.DoubleChargedAtGateway += succeeded.Count > 1 ? 1 : 0;

            if (effects.Count(e => e.Kind == ShopOrderEffect.MarkOrderAsPaid) > 1)
            {
                verdict.MarkedPaidTwice++;
                verdict.Findings.Add($"order {order.Id} marked paid " +
                    $"{effects.Count(e => e.Kind == ShopOrderEffect.MarkOrderAsPaid)} times; {record.History(order)}");
            }

            if (paidInShop)
            {
                var capture = order.CaptureTransactionId is null
                    ? null
                    : intentsById.GetValueOrDefault(order.CaptureTransactionId);
                var expected = PresentmentCurrencies.Find(order.CustomerCurrencyCode)!.ToMinorUnits(
                    order.OrderTotal * order.CurrencyRate);
                if (capture is null || !SoakKit.Succeeded(capture) || (long)capture["amount"] != expected
                    || !string.Equals((string)capture["currency"], order.CustomerCurrencyCode,
                        StringComparison.OrdinalIgnoreCase))
                {
                    verdict.WrongAmountOrCurrency++;
                    verdict.Findings.Add($"order {order.Id} paid with {order.CaptureTransactionId}, which WooshPay " +
                        $"does not hold as its succeeded charge of {expected} {order.CustomerCurrencyCode}; " +
                        $"{record.History(order)}");
                }
            }

            if (paidAtGateway != paidInShop)
            {
                if (paidAtGateway)
                    verdict.PaidOnlyAtGateway++;
                else
                    verdict.PaidOnlyInShop++;
                verdict.Findings.Add($"order {order.Id} (store {order.StoreId}): WooshPay " +
                    $"{(paidAtGateway ? "succeeded" : "unpaid")}, shop {order.PaymentStatus}/{order.OrderStatus}; " +
                    $"{record.History(order)}");
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

            // Offline refunds are the plugin's own bookings (dashboard refunds, refunds whose answer was lost):
            // together they can never exceed what WooshPay gave back, whatever nopCommerce booked itself.
            var offline = effects
                .Where(e => e.Kind is ShopOrderEffect.RefundOffline or ShopOrderEffect.PartiallyRefundOffline)
                .Sum(e => e.Amount);
            if (offline > refundedPrimary + 0.01m * succeededRefunds.Count)
            {
                verdict.OverBookedOffline.Add(order.Id);
                verdict.Findings.Add($"order {order.Id}: refunded offline {offline} USD, WooshPay refunded " +
                    $"{refundedPrimary} USD; {record.History(order)}");
            }

            if (order.RefundedAmount != refundedPrimary || order.PaymentStatus != expectedStatus)
            {
                verdict.RefundDiffers++;
                verdict.Findings.Add($"order {order.Id} (store {order.StoreId}): WooshPay refunded {refundedMinor} " +
                    $"of {intentAmount} {(string)intent["currency"]} = {refundedPrimary} USD ({expectedStatus}), " +
                    $"shop {order.RefundedAmount} USD ({order.PaymentStatus}); {record.History(order)}");
            }
        }

        // A refund is applied twice when two plugin records carry it, its dashboard application or failure reversal
        // reached the order twice, the admin's bookkeeping counted it twice, or the offline bookings exceed WooshPay's.
        var twice = new HashSet<string>();
        foreach (var group in record.Refunds
            .Where(refund => refund.RefundId is not null)
            .GroupBy(refund => refund.RefundId)
            .Where(g => g.Count() > 1))
            twice.Add(group.Key);
        foreach (var refundId in refunds.Select(refund => (string)refund["id"]))
        {
            var notes = record.Notes
                .Where(note => note.Note.Contains(refundId + " ", StringComparison.Ordinal))
                .Select(note => note.Note)
                .ToList();
            if (notes.Count(note => note.Contains("applied to the order", StringComparison.Ordinal)) > 1
                || notes.Count(note => note.Contains("FAILED at WooshPay", StringComparison.Ordinal)) > 1)
                twice.Add(refundId);
            if (notes.Count(note => note.Contains("applied to the order", StringComparison.Ordinal)) > 1
                || notes.Count(note => note.Contains("FAILED at WooshPay", StringComparison.Ordinal)) > 1
                || notes.Count(note => note.EndsWith(" succeeded.", StringComparison.Ordinal)) > 1)
            {
                verdict.NotesDuplicated++;
                verdict.Findings.Add($"refund {refundId}: notes [{string.Join(" | ", notes)}]");
            }
        }
        foreach (var refundId in run.AdminCountedRefundIds
            .GroupBy(id => id)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key))
            twice.Add(refundId);
        verdict.RefundsAppliedTwice = twice.Count + verdict.OverBookedOffline.Count;

        // The plugin's "succeeded" note, once per payment.
        foreach (var payment in record.Payments.Where(p => p.PaymentIntentId is not null))
        {
            var paidNotes = record.Notes.Count(note => note.OrderId == payment.OrderId
                && note.Note.StartsWith($"Alipay+ payment {payment.PaymentIntentId} succeeded: ",
                    StringComparison.Ordinal));
            if (paidNotes > 1)
            {
                verdict.NotesDuplicated++;
                verdict.Findings.Add($"payment {payment.PaymentIntentId} of order {payment.OrderId}: {paidNotes} " +
                    $"\"succeeded\" notes; {record.History(record.Orders.First(o => o.Id == payment.OrderId))}");
            }
        }

        verdict.OpenClaims.AddRange(record.Claims.Where(c => c.CompletedOnUtc is null)
            .Select(c => $"{c.ClaimKey} order {c.OrderId} subject {c.SubjectId} claimed {c.ClaimedOnUtc:HH:mm:ss.fff}" +
                         (record.Orders.FirstOrDefault(o => o.Id == c.OrderId) is { } order
                             ? $"; {record.History(order)}" : "")));
        return verdict;
    }

    private sealed class Verdict
    {
        public int SucceededAtGateway;
        public int PaidInShop;
        public int MarkedPaidTwice;
        public int PaidOnlyAtGateway;
        public int PaidOnlyInShop;
        public int DoubleChargedAtGateway;
        public int WrongAmountOrCurrency;
        public int RefundsSucceededAtGateway;
        public int RefundsFailedAtGateway;
        public int RefundsAppliedTwice;
        public int RefundDiffers;
        public int NotesDuplicated;
        public List<int> OverBookedOffline { get; } = new();
        public List<string> OpenClaims { get; } = new();
        public List<string> Findings { get; } = new();
    }

    /// <summary>Everything the farm's database holds at the end, and an order's history told from it.</summary>
    private sealed class FarmRecord(IList<Order> orders, IList<ShopOrderEffect> effects, IList<OrderNote> notes,
        IList<AlipayPlusPayment> payments, IList<AlipayPlusRefund> refunds, IList<AlipayPlusClaim> claims)
    {
        public IList<Order> Orders { get; } = orders;
        public ILookup<int, ShopOrderEffect> Effects { get; } = effects.ToLookup(e => e.OrderId);
        public IList<OrderNote> Notes { get; } = notes;
        public IList<AlipayPlusPayment> Payments { get; } = payments;
        public IList<AlipayPlusRefund> Refunds { get; } = refunds;
        public IList<AlipayPlusClaim> Claims { get; } = claims;

        public string History(Order order)
        {
            var attempts = Payments.Where(p => p.OrderId == order.Id).OrderBy(p => p.Attempt)
                .Select(p => $"#{p.Attempt} {p.PaymentIntentId ?? p.CheckoutSessionId} {p.Status} " +
                    $"(last {p.LastEventType} {p.UpdatedOnUtc:HH:mm:ss.fff})");
            var refunds = Refunds.Where(r => r.OrderId == order.Id)
                .Select(r => $"#{r.Id} {r.RefundId ?? "(no id)"} {r.AmountMinor} {r.Status}" +
                    $"{(r.FromDashboard ? " dashboard" : "")}{(r.BookedOnOrder ? " booked" : "")}");
            var effects = Effects[order.Id].Select(e => $"{e.CreatedOnUtc:HH:mm:ss.fff} {e.Node} {e.Kind} {e.Amount}");
            var claims = Claims.Where(c => c.OrderId == order.Id)
                .Select(c => $"{c.ClaimKey} {c.ClaimedOnUtc:HH:mm:ss.fff}->" +
                    $"{(c.CompletedOnUtc is { } done ? done.ToString("HH:mm:ss.fff") : "open")}");
            var notes = Notes.Where(n => n.OrderId == order.Id).Select(n => $"{n.CreatedOnUtc:HH:mm:ss.fff} {n.Note}");
            return $"total {order.OrderTotal} USD, refunded {order.RefundedAmount}, capture " +
                   $"{order.CaptureTransactionId}; attempts [{string.Join("; ", attempts)}] " +
                   $"refunds [{string.Join("; ", refunds)}] effects [{string.Join("; ", effects)}] " +
                   $"claims [{string.Join("; ", claims)}] notes [{string.Join(" | ", notes)}]";
        }
    }

    /// <summary>
    /// The farm as the soak's shop: each request lands on a node drawn by the shopper's own Random and works on its own
    /// copy of the order; now and then a crash is armed on a node first (its own seeded Random, so the draws of where
    /// and when are the same run to run, though which request meets the crash depends on timing).
    /// </summary>
    private sealed class FarmSoakShop(Farm farm, int seed, double crashRate) : ISoakShop
    {
        private readonly Random _chaos = new(seed ^ 0x5eed);
        private readonly object _sync = new();
        private int _armed;

        public int CrashesArmed => Volatile.Read(ref _armed);

        public Task<Order> PlaceOrderAsync(decimal total, string currency, decimal rate, int storeId) =>
            farm.PlaceOrderAsync(total, currency, rate, storeId);

        public Task<Order> ReadOrderAsync(Order order) => farm.ReadOrderAsync(order.Id);

        public T Get<T>(Random random) => PickNode(random).Get<T>();

        public Task<RefundPaymentResult> AdminRefundAsync(Order copy, decimal amount, bool isPartial, Random random) =>
            PickNode(random).AdminRefundAsync(copy, amount, isPartial);

        private FarmNode PickNode(Random random)
        {
            var node = farm[random.Next(farm.Nodes.Count)];
            lock (_sync)
            {
                if (crashRate > 0 && _chaos.NextDouble() < crashRate)
                {
                    CrashPoints[_chaos.Next(CrashPoints.Length)].Arm(farm[_chaos.Next(farm.Nodes.Count)], _chaos);
                    _armed++;
                }
            }

            return node;
        }
    }
}
