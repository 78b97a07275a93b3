using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AlipayPlus.Benchmarks.Shop;
using Microsoft.Extensions.DependencyInjection;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using WooshPay.Sandbox;

namespace AlipayPlus.Benchmarks.Load;

/// <summary>
/// 5. Reconciliation at scale: S attempts whose webhooks never came. Their intents are created at the
/// sandbox and the attempts recorded as the plugin records them; then (a) one run while all are still
/// waiting for the shopper, and (b) all are paid at the sandbox and the schedule task's
/// ReconciliationService.RunAsync is called until nothing is left. Per run: the plugin's calls to WooshPay
/// (a counting handler on its HttpClient) and wall time.
/// </summary>
public static class ReconciliationLoad
{
    public static async Task<int> RunAsync(int[] sizes)
    {
        Stats.PrintMachine("reconciliation start");
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        var exit = 0;
        await RunOnceAsync(sandbox, 50, print: false);
        foreach (var size in sizes)
            exit |= await RunOnceAsync(sandbox, size, print: true);
        Stats.PrintMachine("reconciliation end");
        return exit;
    }

    private static async Task<int> RunOnceAsync(RunningSandbox sandbox, int size, bool print)
    {
        var gateway = new GatewayMeter();
        using var shop = new BenchShop(gateway.AddTo);
        var secretKey = $"sk_test_{Guid.NewGuid():N}";
        shop.Settings.SecretKey = secretKey;
        shop.Settings.ApiBaseUrl = sandbox.BaseAddress.ToString();
        if (print)
            Console.WriteLine($"  the plugin's tables: {shop.DatabaseDescription}");
        var batch = shop.Settings.ReconciliationBatchSize;
        using var api = Preparation.ApiClient(sandbox, secretKey);

        var prepare = Stopwatch.StartNew();
        var attempts = await CreateAttemptsAsync(shop, api, size);
        prepare.Stop();

        // (a) Nothing has changed at WooshPay yet: one run asks about at most a batch and changes nothing.
        var before = gateway.Requests;
        var pendingRun = await RunTaskAsync(shop);
        var pendingCalls = gateway.Requests - before;

        // (b) All paid at WooshPay, every webhook lost: runs until the task finds nothing left to ask about.
        await Preparation.PayAsync(api, attempts.Select(a => a.PaymentIntentId).ToList(), concurrency: 16);
        var runs = new List<(ReconciliationReport Report, long Calls, TimeSpan Wall)>();
        var total = Stopwatch.StartNew();
        while (true)
        {
            before = gateway.Requests;
            var wall = Stopwatch.StartNew();
            var report = await RunTaskAsync(shop);
            wall.Stop();
            runs.Add((report, gateway.Requests - before, wall.Elapsed));
            if (report.AttemptsChecked == 0 || runs.Count > size / Math.Max(1, batch) + 5)
                break;
        }
        total.Stop();

        var working = runs.Where(r => r.Report.AttemptsChecked > 0).ToList();
        var calls = working.Sum(r => r.Calls);
        var changed = working.Sum(r => r.Report.Changed);
        var paid = shop.OrderProcessing.MarkedPaid.Count;
        var twice = shop.OrderProcessing.MarkedPaid.Count(pair => pair.Value > 1);
        if (print)
        {
            Console.WriteLine();
            Console.WriteLine($"reconciliation: {size} unsettled attempts (batch size {batch}), prepared in " +
                $"{prepare.Elapsed.TotalSeconds:F1}s");
            Console.WriteLine(
                $"  (a) all still awaiting the shopper: one run checked {pendingRun.AttemptsChecked}, API calls " +
                $"{pendingCalls}, changed {pendingRun.Changed}, {pendingRun.Elapsed.TotalMilliseconds:F0} ms");
            Console.WriteLine($"  (b) all paid, webhooks lost: {working.Count} runs settled {changed} ({paid} orders "
                + $"marked paid, {twice} twice) with {calls} API calls "
                + $"({(double)calls / Math.Max(1, size):F2} per attempt) in {total.Elapsed.TotalMilliseconds:F0} ms; "
                + $"final run checked {runs[^1].Report.AttemptsChecked}"
                + $" with {runs[^1].Calls} API calls (not counted above; what attempts leave of a run's budget goes "
                + "to refunds, here one page of the refund list)");
            Console.WriteLine(
                $"      per run: API calls max {working.Max(r => r.Calls)}, mean {working.Average(r => r.Calls):F1};"
                + $" wall min {working.Min(r => r.Wall.TotalMilliseconds):F0} ms, mean "
                + $"{working.Average(r => r.Wall.TotalMilliseconds):F0} ms, max "
                + $"{working.Max(r => r.Wall.TotalMilliseconds):F0} ms;"
                + $" {working.Average(r => r.Wall.TotalMilliseconds / Math.Max(1, r.Report.AttemptsChecked)):F3} ms "
                + "per attempt checked");
            Console.WriteLine($"      database time over all runs: {shop.RepositoryTime.TotalMilliseconds:F0} ms");
        }

        return paid == size && twice == 0 && working.All(r => r.Calls <= batch) ? 0 : 1;
    }

    private static async Task<ReconciliationReport> RunTaskAsync(BenchShop shop)
    {
        await using var scope = shop.Provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReconciliationService>().RunAsync();
    }

    /// <summary>Intents created at the sandbox as the plugin creates
    /// them, and the attempts recorded as it records them.</summary>
    private static async Task<List<AlipayPlusPayment>> CreateAttemptsAsync(BenchShop shop, HttpClient api, int size)
    {
        var orders = Enumerable.Range(0, size).Select(_ => shop.PlaceOrder()).ToList();
        var attempts = new List<AlipayPlusPayment>(size);
        await Preparation.ForEachAsync(orders, 16, async order =>
        {
            var request = new PaymentIntentCreateRequest
            {
                Amount = 78000,
                Currency = "HKD",
                Confirm = true,
                PaymentMethodData = new PaymentMethodData { Type = "alipayplus" },
                PaymentMethodOptions = new PaymentMethodOptions
                {
                    AlipayPlus = new AlipayPlusPaymentMethodOptions { TerminalType = "WEB" }
                },
                ReturnUrl = $"https://shop.example/Plugins/AlipayPlus/Return/{order.Id}",
                MerchantOrderId = order.CustomOrderNumber,
                Description = $"Order {order.CustomOrderNumber}",
                Metadata = AttemptMetadata.For(order, 1)
            };
            using var message = new HttpRequestMessage(HttpMethod.Post, "v1/payment_intents")
            {
                Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, WooshPayJson.Options))
            };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            message.Headers.TryAddWithoutValidation(WooshPayHeaders.IdempotencyKey,
                IdempotencyKeys.CreateAttempt(order.OrderGuid, 1));
            using var response = await api.SendAsync(message);
            var intent = JsonSerializer.Deserialize<PaymentIntent>(await response.Content.ReadAsByteArrayAsync(),
                WooshPayJson.Options);
            if (!response.IsSuccessStatusCode || intent?.Id is null)
                throw new InvalidOperationException($"create for order {order.Id}: {(int)response.StatusCode}");

            var now = DateTime.UtcNow;
            var attempt = new AlipayPlusPayment
            {
                StoreId = order.StoreId,
                OrderId = order.Id,
                OrderGuid = order.OrderGuid,
                Attempt = 1,
                Flow = PaymentFlow.PaymentIntent,
                Currency = "HKD",
                AmountMinor = 78000,
                PaymentIntentId = intent.Id,
                RedirectUrl = intent.RedirectUrl,
                Status = intent.Status,
                Livemode = intent.Livemode,
                CreatedOnUtc = now,
                UpdatedOnUtc = now
            };
            order.AuthorizationTransactionId = intent.Id;
            lock (attempts)
                attempts.Add(attempt);
        });

        // Recorded in creation order, as checkouts over time would have.
        foreach (var attempt in attempts.OrderBy(a => a.OrderId))
            await shop.Payments.InsertAsync(attempt);
        return attempts;
    }
}
