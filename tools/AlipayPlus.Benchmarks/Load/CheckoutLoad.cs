using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AlipayPlus.Benchmarks.Shop;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;
using WooshPay.Sandbox;

namespace AlipayPlus.Benchmarks.Load;

/// <summary>
/// 3. PaymentIntent creates against the in-process sandbox over loopback, N rounds at concurrency C. Each round
/// makes one create per layer, from a raw HttpClient POST of the pre-serialized body (the floor) up to the
/// plugin's whole checkout step, each layer adding one thing to the one before. The rounds interleave the layers,
/// so background load falls on all of them alike. Every create is for its own order and key: a repeated
/// idempotency key would be answered from the sandbox's replay cache, a cheaper path.
/// </summary>
public static class CheckoutLoad
{
    // Until every layer runs tier-1 code, as it does in a store that has taken a few dozen payments. The plugin's
    // own code is reached only through its layers, so with a short warm-up it stays in tier-0 longer than the raw path.
    private const int Warmup = 3000;

    public static async Task<int> RunAsync(int n, int concurrency)
    {
        Stats.PrintMachine("checkout start");
        using var meters = new SandboxMeters();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());

        using var shop = new BenchShop();
        var secretKey = $"sk_test_{Guid.NewGuid():N}";
        shop.Settings.SecretKey = secretKey;
        shop.Settings.ApiBaseUrl = sandbox.BaseAddress.ToString();
        Console.WriteLine($"  the plugin's tables: {shop.DatabaseDescription}");
        var account = shop.Settings.ToWooshPayAccount();

        long ownConnections = 0;
        void Opened() => Interlocked.Increment(ref ownConnections);

        using var raw = new HttpClient(CountingSockets.Create(Opened)) { BaseAddress = sandbox.BaseAddress };
        raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(secretKey + ":")));
        raw.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var bareClient = new WooshPayClient(new HttpClient(CountingSockets.Create(Opened)),
            NullLogger<WooshPayClient>.Instance);

        var factoryServices = new ServiceCollection();
        factoryServices.AddLogging();
        factoryServices.AddHttpClient<IWooshPayClient, WooshPayClient>()
            .ConfigurePrimaryHttpMessageHandler(() => CountingSockets.Create(Opened));
        await using var factoryOnly = factoryServices.BuildServiceProvider();

        var layers = new Layer[]
        {
            new("raw HttpClient POST of the same body", async order =>
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(Request(order, shop), WooshPayJson.Options);
                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/payment_intents");
                request.Headers.TryAddWithoutValidation(WooshPayHeaders.IdempotencyKey, $"raw-{order.OrderGuid:N}");
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType =
                    new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                using var response = await raw.SendAsync(request);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode || bytes.Length == 0)
                    throw new InvalidOperationException($"raw POST failed: {(int)response.StatusCode}");
                return start;
            }),
            new("+ WooshPayClient (serialize, headers, parse)", async order =>
            {
                var request = Request(order, shop);
                var start = Stopwatch.GetTimestamp();
                await bareClient.CreatePaymentIntentAsync(account, request, $"bare-{order.OrderGuid:N}");
                return start;
            }),
            new("+ typed client from IHttpClientFactory", async order =>
            {
                var request = Request(order, shop);
                var start = Stopwatch.GetTimestamp();
                await using var scope = factoryOnly.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IWooshPayClient>()
                    .CreatePaymentIntentAsync(account, request, $"factory-{order.OrderGuid:N}");
                return start;
            }),
            new("+ resilience pipeline, traffic handler (AddWooshPayClient)", async order =>
            {
                var request = Request(order, shop);
                var start = Stopwatch.GetTimestamp();
                await using var scope = shop.Provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IWooshPayClient>()
                    .CreatePaymentIntentAsync(account, request, $"plugin-{order.OrderGuid:N}");
                return start;
            }),
            new("+ settings, charge, flow handler (no database)", async order =>
            {
                var start = Stopwatch.GetTimestamp();
                await using var scope = shop.Provider.CreateAsyncScope();
                await CreateWithoutDatabaseAsync(scope.ServiceProvider, order);
                return start;
            }),
            new("= ICheckoutPaymentService.StartAsync (+ database, note)", async order =>
            {
                var start = Stopwatch.GetTimestamp();
                await using var scope = shop.Provider.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ICheckoutPaymentService>()
                    .StartAsync(order, ReturnUrl(order));
                if (!result.Succeeded || string.IsNullOrEmpty(result.RedirectUrl))
                    throw new InvalidOperationException($"checkout of order {order.Id} failed: {result.Error}");
                return start;
            })
        };

        var connectionsAtStart = meters.ConnectionsAccepted;
        await RunRoundsAsync(shop, layers, Warmup, Math.Max(1, concurrency));
        foreach (var layer in layers)
            layer.Clear();

        shop.ResetRepositoryCounters();
        var connectionsBefore = meters.ConnectionsAccepted;
        var requestsBefore = meters.RequestsStarted;
        var ownBefore = Interlocked.Read(ref ownConnections);
        var cpuBefore = Stats.ProcessCpu();
        var wall = Stopwatch.StartNew();
        await RunRoundsAsync(shop, layers, n, concurrency);
        wall.Stop();
        var cpuMs = (Stats.ProcessCpu() - cpuBefore).TotalMilliseconds;

        var serverConnections = meters.ConnectionsAccepted - connectionsBefore;
        var ownOpened = Interlocked.Read(ref ownConnections) - ownBefore;
        var requests = meters.RequestsStarted - requestsBefore;

        Console.WriteLine();
        Console.WriteLine($"checkout: N={n} rounds, concurrency={concurrency}, warm-up={Warmup} rounds, " +
            $"wall={wall.Elapsed.TotalSeconds:F1}s, requests at the sandbox={requests} (expected {layers.Length * n})");
        Console.WriteLine($"  CPU of this process: {cpuMs / n:F3} ms per round (both ends: clients and in-process " +
            $"sandbox), {cpuMs / wall.Elapsed.TotalMilliseconds:F2} cores busy on average");
        var floor = layers[0].Sorted();
        var f50 = Stats.Percentile(floor, 50);
        var f99 = Stats.Percentile(floor, 99);
        var previous50 = f50;
        Console.WriteLine($"  {"layer",-58} {"p50 ms",8} {"p99 ms",8} {"mean ms",8}  {"p50 ratio",9} {"p99 ratio",9} " +
            $" {"added at p50",16}  {"step at p50",11}");
        foreach (var layer in layers)
        {
            var sorted = layer.Sorted();
            var p50 = Stats.Percentile(sorted, 50);
            var p99 = Stats.Percentile(sorted, 99);
            Console.WriteLine($"  {layer.Name,-58} {p50,8:F3} {p99,8:F3} {sorted.Average(),8:F3}  {p50 / f50,9:F3} " +
                $"{p99 / f99,9:F3}  {(p50 - f50) * 1000,6:F0} us {(p50 / f50 - 1) * 100,6:F1}%  " +
                $"{(p50 - previous50) * 1000,8:F0} us");
            previous50 = p50;
        }
        Console.WriteLine($"  database inside StartAsync: {shop.RepositoryTime.TotalMilliseconds / n:F3} ms per " +
            $"checkout over {shop.RepositoryCalls / (double)n:F1} repository calls");
        Console.WriteLine($"  repository calls per checkout by table and kind: {shop.DescribeRepositoryCalls(n)}");
        Console.WriteLine(
            $"  TCP connections accepted by the sandbox: {meters.ConnectionsAccepted - connectionsAtStart} over "
            + $"warm-up + run, {serverConnections} during the measured {n} rounds"
            + $" ({ownOpened} of these by the three comparison clients, so {serverConnections - ownOpened} by the "
            + "plugin's client)");
        Stats.PrintMachine("checkout end");

        var failed = shop.Log.Lines
            .Where(line => line.StartsWith("error", StringComparison.Ordinal)
                || line.StartsWith("warning", StringComparison.Ordinal))
            .Take(5)
            .ToList();
        foreach (var line in failed)
            Console.WriteLine("  log: " + line);
        return failed.Count == 0 ? 0 : 1;
    }

    private static async Task RunRoundsAsync(BenchShop shop, Layer[] layers, int n, int concurrency)
    {
        var next = -1;

        async Task WorkerAsync()
        {
            int round;
            while ((round = Interlocked.Increment(ref next)) < n)
            {
                // Each round starts at another layer: the first create of a round pays for what the last one of
                // the round before left behind (its garbage, a thread pool gone idle), and no layer should always pay.
                for (var i = 0; i < layers.Length; i++)
                {
                    var layer = layers[(round + i) % layers.Length];
                    var order = shop.PlaceOrder();
                    var start = await layer.Create(order);
                    layer.Add(Stats.Ms(start, Stopwatch.GetTimestamp()));
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync)));
    }

    /// <summary>
    /// What StartAsync does for a new order minus its repository calls and order note: the store's settings, the
    /// charge in the shopper's currency, and the flow handler building the request and sending it through the
    /// plugin's client, then checking the answer.
    /// </summary>
    private static async Task CreateWithoutDatabaseAsync(IServiceProvider services, Order order)
    {
        var settings = await services.GetRequiredService<ISettingService>()
            .LoadSettingAsync<AlipayPlusSettings>(order.StoreId);
        var charge = await services.GetRequiredService<IPresentmentCurrencyResolver>().GetChargeAsync(order, settings);
        var handler = services.GetServices<IPaymentFlow>().First(h => h.Flow == settings.Flow);
        var created = await handler.CreateAsync(settings.ToWooshPayAccount(), settings, order, charge, 1,
            ReturnUrl(order), CancellationToken.None);
        if (string.IsNullOrEmpty(created.RedirectUrl))
            throw new InvalidOperationException($"the create for order {order.Id} gave no redirect");
    }

    /// <summary>One way of creating the PaymentIntent; Create returns the timestamp its clock started at.</summary>
    private sealed class Layer(string name, Func<Order, Task<long>> create)
    {
        private readonly List<double> _ms = new();

        public string Name { get; } = name;

        public Func<Order, Task<long>> Create { get; } = create;

        public void Add(double ms)
        {
            lock (_ms)
                _ms.Add(ms);
        }

        public void Clear()
        {
            lock (_ms)
                _ms.Clear();
        }

        public List<double> Sorted()
        {
            lock (_ms)
                return _ms.Order().ToList();
        }
    }

    private static string ReturnUrl(Order order) => $"https://shop.example/Plugins/AlipayPlus/Return/{order.Id}";

    /// <summary>The request the plugin's PaymentIntentFlow builds for this order.</summary>
    private static PaymentIntentCreateRequest Request(Order order, BenchShop shop)
    {
        return new PaymentIntentCreateRequest
        {
            Amount = 78000,
            Currency = "HKD",
            Confirm = true,
            PaymentMethodData = new PaymentMethodData { Type = "alipayplus" },
            PaymentMethodOptions = new PaymentMethodOptions
            {
                AlipayPlus = new AlipayPlusPaymentMethodOptions { TerminalType = shop.Settings.TerminalType }
            },
            ReturnUrl = ReturnUrl(order),
            MerchantOrderId = order.CustomOrderNumber,
            Description = $"Order {order.CustomOrderNumber}",
            Metadata = AttemptMetadata.For(order, 1)
        };
    }
}
