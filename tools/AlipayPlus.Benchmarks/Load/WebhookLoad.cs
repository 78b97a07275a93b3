using System.Diagnostics;
using AlipayPlus.Benchmarks.Micro;
using AlipayPlus.Benchmarks.Shop;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Webhooks;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using WooshPay.Sandbox;
using WooshPay.Sandbox.Webhooks;

namespace AlipayPlus.Benchmarks.Load;

/// <summary>
/// 4. Webhook throughput through the whole path: IWebhookProcessor.ProcessAsync in-process (fresh DI scope
/// per delivery, as the webhook controller has) verifies the signature, checks the event table, re-fetches
/// the intent from the sandbox over loopback and settles the order (nopCommerce's order services faked).
/// N intents are checked out and paid at the sandbox first; their payment_intent.succeeded events are read
/// back from the sandbox and signed as WooshPay signs them. Every 10th event is delivered twice in a row
/// (WooshPay redelivers), so at concurrency 32 duplicates race each other; "settled twice" must stay 0.
/// With nodes &gt; 1, that many shops of one store (a web farm in one process: one database, one set of orders,
/// a plugin, DI container and in-memory locker each) take the deliveries in turn, so a delivery and its
/// duplicate go to different nodes.
/// </summary>
public static class WebhookLoad
{
    public static async Task<int> RunAsync(int n, int[] concurrencies, int nodes = 1)
    {
        Stats.PrintMachine("webhooks start");
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        var exit = 0;

        // Warm-up on a shop of its own so JIT and pools are hot; its figures are dropped.
        await RunOnceAsync(sandbox, Math.Min(200, n), concurrencies.Max(), print: false, inMemoryRefetch: false, nodes);
        foreach (var concurrency in concurrencies)
            exit |= await RunOnceAsync(sandbox, n, concurrency, print: true, inMemoryRefetch: false, nodes);

        // The profile: the same path with the re-fetch answered in memory (the intent as the event carries it),
        // so what remains is the plugin's own work and the database, without the sandbox and the sockets.
        foreach (var concurrency in concurrencies)
            exit |= await RunOnceAsync(sandbox, n, concurrency, print: true, inMemoryRefetch: true, nodes);

        Stats.PrintMachine("webhooks end");
        return exit;
    }

    private static async Task<int> RunOnceAsync(RunningSandbox sandbox, int n, int concurrency, bool print,
        bool inMemoryRefetch, int nodes = 1)
    {
        var gateway = new GatewayMeter();
        var echo = new IntentEchoHandler();
        void Configure(IServiceCollection services)
        {
            gateway.AddTo(services);
            services
                .AddHttpClient(WooshPayServiceCollectionExtensions.HttpClientName)
                .AddHttpMessageHandler(() => new SwitchHandler(echo));
        }

        using var shop = new BenchShop(Configure);
        var shops = new List<BenchShop> { shop };
        for (var node = 1; node < nodes; node++)
            shops.Add(new BenchShop(Configure, sameStoreAs: shop));
        var secretKey = $"sk_test_{Guid.NewGuid():N}";
        foreach (var node in shops)
        {
            node.Settings.SecretKey = secretKey;
            node.Settings.ApiBaseUrl = sandbox.BaseAddress.ToString();
            node.Settings.WebhookSecret = Payloads.WebhookSecret;
        }

        if (print)
            Console.WriteLine($"  the plugin's tables: {shop.DatabaseDescription}; nodes={nodes}");

        using var api = Preparation.ApiClient(sandbox, secretKey);
        var payments = await Preparation.CheckoutAsync(shop, n);
        await Preparation.PayAsync(api, payments.Select(p => p.PaymentIntentId).ToList());
        var events = await Preparation.EventsAsync(api, WebhookEventTypes.PaymentIntentSucceeded);
        if (events.Count != n)
            throw new InvalidOperationException(
                $"expected {n} payment_intent.succeeded events, the sandbox has {events.Count}");
        if (inMemoryRefetch)
            echo.Load(events);

        // Signed now, as WooshPay signs at delivery time; the run finishes well inside the 300 s tolerance.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var deliveries = new List<(byte[] Body, string Header)>();
        var index = 0;
        foreach (var body in events.Values)
        {
            var delivery = (body, WebhookSigner.Header(Payloads.WebhookSecret, now, body));
            deliveries.Add(delivery);
            if (++index % 10 == 0)
                deliveries.Add(delivery);
        }

        var gatewayBefore = gateway.Requests;
        var gatewayTimeBefore = gateway.Time;
        shop.ResetRepositoryCounters();
        var statuses = new int[deliveries.Count];
        var errors = 0;
        var next = -1;
        var cpuBefore = Stats.ProcessCpu();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < deliveries.Count)
            {
                try
                {
                    await using var scope = shops[i % shops.Count].Provider.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<IWebhookProcessor>()
                        .ProcessAsync(1, deliveries[i].Body, deliveries[i].Header);
                    statuses[i] = result.StatusCode;
                }
                catch (Exception exception)
                {
                    Interlocked.Increment(ref errors);
                    Console.WriteLine($"  delivery {i}: {exception.GetType().Name}: {exception.Message}");
                }
            }
        })));
        wall.Stop();
        var cpuMs = (Stats.ProcessCpu() - cpuBefore).TotalMilliseconds;
        foreach (var node in shops.Skip(1))
            node.Dispose();

        // A 503 (retry later) to a redelivery whose event another delivery of the run
        // settled is the plugin deferring a duplicate while the first holds the event's
        // claim: WooshPay delivers it again later. Any other non-2xx is an error.
        var settledBodies =
            deliveries.Where((_, k) => statuses[k] is >= 200 and <= 299).Select(d => d.Body).ToHashSet();
        var deferred = 0;
        for (var k = 0; k < statuses.Length; k++)
        {
            if (statuses[k] is >= 200 and <= 299)
                continue;
            if (statuses[k] == 503 && settledBodies.Contains(deliveries[k].Body))
                deferred++;
            else if (statuses[k] != 0)
                errors++;
        }

        var settledTwice = shop.OrderProcessing.MarkedPaid.Count(pair => pair.Value > 1);
        var settled = shop.OrderProcessing.MarkedPaid.Count;
        var unpaid = payments.Count(p =>
            shop.Orders.GetOrderByIdAsync(p.OrderId).Result.PaymentStatus != PaymentStatus.Paid);
        var gatewayCalls = gateway.Requests - gatewayBefore;
        var gatewayMs = (gateway.Time - gatewayTimeBefore).TotalMilliseconds;
        if (print)
        {
            var perSecond = deliveries.Count / wall.Elapsed.TotalSeconds;
            Console.WriteLine();
            Console.WriteLine(
                $"webhooks{(inMemoryRefetch ? " (PROFILE: re-fetch answered in memory, no sandbox, no socket)" : "")}" +
                $": nodes={nodes} concurrency={concurrency} deliveries={deliveries.Count} ({n} events, " +
                $"{deliveries.Count - n} redelivered) wall={wall.Elapsed.TotalMilliseconds:F0} ms");
            Console.WriteLine($"  throughput {perSecond:F0} events/s   errors={errors}   duplicates deferred (503, " +
                $"the event settled by its other delivery)={deferred}   settled twice={settledTwice}   settled " +
                $"once={settled - settledTwice}/{n}   left unpaid={unpaid}");
            var statusCodes = string.Join(", ",
                statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}x{g.Count()}"));
            Console.WriteLine($"  status codes: {statusCodes}");
            Console.WriteLine(
                $"  CPU of this process (plugin + in-process sandbox + harness): {cpuMs / deliveries.Count:F3} ms "
                + $"per delivery, {cpuMs / wall.Elapsed.TotalMilliseconds:F2} cores busy on average"
                + $" -> {Environment.ProcessorCount * 1000.0 / (cpuMs / deliveries.Count):F0} events/s if all "
                + $"{Environment.ProcessorCount} cores were ours");
            Console.WriteLine($"  re-fetches from the sandbox={gatewayCalls} " +
                $"({(double)gatewayCalls / deliveries.Count:F2} per delivery)");
            Console.WriteLine("  per delivery (summed over workers): total "
                + $"{wall.Elapsed.TotalMilliseconds * concurrency / deliveries.Count:F3} ms, "
                + $"of which WooshPay GET (wire + sandbox) {gatewayMs / deliveries.Count:F3} ms, database "
                + $"{shop.RepositoryTime.TotalMilliseconds / deliveries.Count:F3} ms"
                + $" over {shop.RepositoryCalls / (double)deliveries.Count:F1} repository calls");
            Console.WriteLine(
                $"  repository calls per delivery by table and kind: {shop.DescribeRepositoryCalls(deliveries.Count)}");
            foreach (var line in shop.Log.Lines.Where(l => !l.StartsWith("info", StringComparison.Ordinal)).Take(5))
                Console.WriteLine("  log: " + line);
        }

        return errors == 0 && settledTwice == 0 && unpaid == 0 ? 0 : 1;
    }

    /// <summary>Answers GET v1/payment_intents/{id} with the intent the
    /// event carried, once loaded; until then passes through.</summary>
    private sealed class IntentEchoHandler
    {
        private Dictionary<string, byte[]> _intents;

        public bool Active => _intents is not null;

        public void Load(Dictionary<string, byte[]> events)
        {
            _intents = events.ToDictionary(pair => pair.Key, pair =>
            {
                using var document = System.Text.Json.JsonDocument.Parse(pair.Value);
                return System.Text.Encoding.UTF8.GetBytes(
                    document.RootElement.GetProperty("data").GetProperty("object").GetRawText());
            });
        }

        public HttpResponseMessage Answer(HttpRequestMessage request)
        {
            var id = request.RequestUri!.Segments[^1];
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(_intents[id])
            };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return response;
        }
    }

    private sealed class SwitchHandler(IntentEchoHandler echo) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken) =>
            echo.Active && request.Method == HttpMethod.Get
                ? Task.FromResult(echo.Answer(request))
                : base.SendAsync(request, cancellationToken);
    }
}
