using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AlipayPlus.Benchmarks.Shop;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using WooshPay.Sandbox;

namespace AlipayPlus.Benchmarks.Load;

/// <summary>
/// 3. N PaymentIntent creates through the plugin's ICheckoutPaymentService (fresh DI scope per checkout, as a
/// store request has; AddAlipayPlusServices' client with its resilience pipeline and the default
/// IHttpClientFactory handler) against the in-process sandbox over loopback, and the same N creates as raw
/// HttpClient POSTs of the same JSON body (serialized before the clock starts: the floor). The two are
/// interleaved op by op so background load on the machine falls on both alike.
/// </summary>
public static class CheckoutLoad
{
    private const int Warmup = 100;

    public static async Task<int> RunAsync(int n, int concurrency)
    {
        Stats.PrintMachine("checkout start");
        using var meters = new SandboxMeters();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());

        using var shop = new BenchShop();
        var secretKey = $"sk_test_{Guid.NewGuid():N}";
        shop.Settings.SecretKey = secretKey;
        shop.Settings.ApiBaseUrl = sandbox.BaseAddress.ToString();

        long rawConnections = 0;
        using var raw = new HttpClient(CountingSockets.Create(() => Interlocked.Increment(ref rawConnections))) { BaseAddress = sandbox.BaseAddress };
        raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(secretKey + ":")));
        raw.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var connectionsAtStart = meters.ConnectionsAccepted;
        // Warm both paths (JIT, pools, the sandbox's routes) before anything is measured.
        await RunPhaseAsync(shop, raw, Warmup, Math.Max(1, concurrency), null, null);

        shop.ResetRepositoryCounters();
        var connectionsBefore = meters.ConnectionsAccepted;
        var requestsBefore = meters.RequestsStarted;
        var rawConnectionsBefore = Interlocked.Read(ref rawConnections);
        var plugin = new List<double>(n);
        var rawMs = new List<double>(n);
        var cpuBefore = Stats.ProcessCpu();
        var wall = Stopwatch.StartNew();
        await RunPhaseAsync(shop, raw, n, concurrency, plugin, rawMs);
        wall.Stop();
        var cpuMs = (Stats.ProcessCpu() - cpuBefore).TotalMilliseconds;

        var serverConnections = meters.ConnectionsAccepted - connectionsBefore;
        var rawOpened = Interlocked.Read(ref rawConnections) - rawConnectionsBefore;
        var requests = meters.RequestsStarted - requestsBefore;
        plugin.Sort();
        rawMs.Sort();

        var p50 = Stats.Percentile(plugin, 50);
        var p99 = Stats.Percentile(plugin, 99);
        var r50 = Stats.Percentile(rawMs, 50);
        var r99 = Stats.Percentile(rawMs, 99);
        Console.WriteLine();
        Console.WriteLine($"checkout: N={n} concurrency={concurrency} wall={wall.Elapsed.TotalSeconds:F1}s requests at the sandbox={requests} (expected {2 * n})");
        Console.WriteLine($"  CPU of this process: {cpuMs / n:F3} ms per plugin checkout + raw POST pair (both ends: client and in-process sandbox), {cpuMs / wall.Elapsed.TotalMilliseconds:F2} cores busy on average");
        Console.WriteLine($"  plugin ICheckoutPaymentService.StartAsync  p50={p50:F3} ms  p99={p99:F3} ms  mean={plugin.Average():F3} ms");
        Console.WriteLine($"  raw HttpClient POST (same body)             p50={r50:F3} ms  p99={r99:F3} ms  mean={rawMs.Average():F3} ms");
        Console.WriteLine($"  ratio plugin/raw                            p50={p50 / r50:F3}  p99={p99 / r99:F3}  (added at p50: {p50 - r50:F3} ms, {(p50 / r50 - 1) * 100:F1}%)");
        Console.WriteLine($"  TCP connections accepted by the sandbox: {meters.ConnectionsAccepted - connectionsAtStart} over warm-up ({Warmup} ops) + run, {serverConnections} during the measured {n}"
            + $" (the raw client opened {rawOpened} of these, so the plugin's client opened {serverConnections - rawOpened})");
        Console.WriteLine($"  stand-in database time inside the plugin's checkouts: {shop.RepositoryTime.TotalMilliseconds / n:F3} ms per checkout");
        Stats.PrintMachine("checkout end");

        await BreakdownAsync(Math.Min(n, 2000));

        var failed = shop.Log.Lines.Where(line => line.StartsWith("error", StringComparison.Ordinal) || line.StartsWith("warning", StringComparison.Ordinal)).Take(5).ToList();
        foreach (var line in failed)
            Console.WriteLine("  log: " + line);
        return failed.Count == 0 ? 0 : 1;
    }

    private static async Task RunPhaseAsync(BenchShop shop, HttpClient raw, int n, int concurrency, List<double> pluginMs, List<double> rawMs)
    {
        var next = -1;
        var sync = new object();

        async Task WorkerAsync()
        {
            while (Interlocked.Increment(ref next) < n)
            {
                var order = shop.PlaceOrder();
                var body = RawBody(order, shop);

                var start = Stopwatch.GetTimestamp();
                await using (var scope = shop.Provider.CreateAsyncScope())
                {
                    var result = await scope.ServiceProvider.GetRequiredService<ICheckoutPaymentService>()
                        .StartAsync(order, ReturnUrl(order));
                    if (!result.Succeeded || string.IsNullOrEmpty(result.RedirectUrl))
                        throw new InvalidOperationException($"checkout of order {order.Id} failed: {result.Error}");
                }
                var pluginEnd = Stopwatch.GetTimestamp();

                using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/payment_intents"))
                {
                    request.Headers.TryAddWithoutValidation(WooshPayHeaders.IdempotencyKey, $"raw-{order.OrderGuid:N}");
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    using var response = await raw.SendAsync(request);
                    var bytes = await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode || bytes.Length == 0)
                        throw new InvalidOperationException($"raw POST failed: {(int)response.StatusCode}");
                }
                var rawEnd = Stopwatch.GetTimestamp();

                if (pluginMs is not null)
                {
                    lock (sync)
                    {
                        pluginMs.Add(Stats.Ms(start, pluginEnd));
                        rawMs.Add(Stats.Ms(pluginEnd, rawEnd));
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync)));
    }

    /// <summary>
    /// The plugin's own cost per checkout without the wire: the same StartAsync with the plugin's HttpClient
    /// answered in memory (the seed PaymentIntent, after reading the request body) in place of the socket,
    /// split into DI scope + resolve, the WooshPay call (client, resilience pipeline, serialization, parsing)
    /// and the stand-in database; and a raw HttpClient over the same in-memory handler for the floor.
    /// </summary>
    private static async Task BreakdownAsync(int n)
    {
        var seed = Encoding.UTF8.GetBytes(Micro.Payloads.PaymentIntentResponse.Replace("\"currency\": \"IDR\"", "\"currency\": \"HKD\"").Replace("\"amount\": 200", "\"amount\": 78000"));
        var gateway = new GatewayMeter();
        using var shop = new BenchShop(services =>
        {
            services.AddHttpClient(WooshPayServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new Micro.CannedResponseHandler(seed));
            gateway.AddTo(services);
        });
        shop.Settings.ApiBaseUrl = "http://127.0.0.1:9/";
        using var raw = new HttpClient(new Micro.CannedResponseHandler(seed)) { BaseAddress = new Uri("http://127.0.0.1:9/") };

        var resolve = new List<double>(n);
        var start = new List<double>(n);
        var floor = new List<double>(n);
        TimeSpan gatewayAtStart = default, dbAtStart = default;
        for (var i = -200; i < n; i++)
        {
            if (i == 0)
            {
                gatewayAtStart = gateway.Time;
                shop.ResetRepositoryCounters();
                dbAtStart = shop.RepositoryTime;
            }

            var order = shop.PlaceOrder();
            var body = RawBody(order, shop);
            var t0 = Stopwatch.GetTimestamp();
            await using (var scope = shop.Provider.CreateAsyncScope())
            {
                var service = scope.ServiceProvider.GetRequiredService<ICheckoutPaymentService>();
                var t1 = Stopwatch.GetTimestamp();
                var result = await service.StartAsync(order, ReturnUrl(order));
                var t2 = Stopwatch.GetTimestamp();
                if (!result.Succeeded)
                    throw new InvalidOperationException(result.Error);
                if (i >= 0)
                {
                    resolve.Add(Stats.Ms(t0, t1));
                    start.Add(Stats.Ms(t1, t2));
                }
            }

            var r0 = Stopwatch.GetTimestamp();
            using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/payment_intents"))
            {
                request.Content = new ByteArrayContent(body);
                using var response = await raw.SendAsync(request);
                _ = await response.Content.ReadAsByteArrayAsync();
            }
            if (i >= 0)
                floor.Add(Stats.Ms(r0, Stopwatch.GetTimestamp()));
        }

        var gatewayMs = (gateway.Time - gatewayAtStart).TotalMilliseconds / n;
        var dbMs = (shop.RepositoryTime - dbAtStart).TotalMilliseconds / n;
        resolve.Sort();
        start.Sort();
        floor.Sort();
        Console.WriteLine($"  breakdown without the wire ({n} checkouts, in-memory handler answering the seed intent):");
        Console.WriteLine($"    DI scope + resolve ICheckoutPaymentService  p50={Stats.Percentile(resolve, 50) * 1000:F0} us  mean={resolve.Average() * 1000:F0} us");
        Console.WriteLine($"    StartAsync                                  p50={Stats.Percentile(start, 50) * 1000:F0} us  mean={start.Average() * 1000:F0} us"
            + $"  (of which below the client's pipeline, i.e. the in-memory handler: {gatewayMs * 1000:F0} us; stand-in database: {dbMs * 1000:F0} us)");
        Console.WriteLine($"    raw HttpClient over the same handler        p50={Stats.Percentile(floor, 50) * 1000:F0} us  mean={floor.Average() * 1000:F0} us");
    }

    private static string ReturnUrl(Order order) => $"https://shop.example/Plugins/AlipayPlus/Return/{order.Id}";

    /// <summary>The JSON the plugin's PaymentIntentFlowHandler sends for this order, serialized as the client does.</summary>
    private static byte[] RawBody(Order order, BenchShop shop)
    {
        var request = new PaymentIntentCreateRequest
        {
            Amount = 78000,
            Currency = "HKD",
            Confirm = true,
            PaymentMethodData = new PaymentMethodData { Type = "alipayplus" },
            PaymentMethodOptions = new PaymentMethodOptions { AlipayPlus = new AlipayPlusPaymentMethodOptions { TerminalType = shop.Settings.TerminalType } },
            ReturnUrl = ReturnUrl(order),
            MerchantOrderId = order.CustomOrderNumber,
            Description = $"Order {order.CustomOrderNumber}",
            Metadata = AttemptMetadata.For(order, 1)
        };
        return JsonSerializer.SerializeToUtf8Bytes(request, WooshPayJson.Options);
    }
}
