using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Stripe;
using PaymentIntent = Nop.Plugin.Payments.AlipayPlus.WooshPay.Models.PaymentIntent;
using Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;

namespace AlipayPlus.Benchmarks.Micro;

/// <summary>
/// 2. One PaymentIntent create, request building + serialization + response parsing, against an in-memory
/// handler that answers the seed's PaymentIntent: ours through the client the plugin registers
/// (AddWooshPayClient: IHttpClientFactory + the resilience pipeline of timeouts and retries) and constructed
/// directly over a bare HttpClient, against Stripe.net's PaymentIntentService.CreateAsync building the
/// equivalent request (form-encoded, its default retry-capable SystemNetHttpClient over the same handler).
/// </summary>
[MemoryDiagnoser]
public class CreatePaymentIntentBenchmarks
{
    private const string IdempotencyKey = "alipayplus-8f7b2c1e4d3a4b5c9e8f0a1b2c3d4e5f-attempt-1";
    private const string ReturnUrl = "https://shop.example/Plugins/AlipayPlus/Return/1001";

    private ServiceProvider _provider;
    private IWooshPayClient _oursWithPipeline;
    private IWooshPayClient _oursFactoryOnly;
    private WooshPayClient _oursDirect;
    private PaymentIntentService _stripe;
    private WooshPayAccount _account;

    [GlobalSetup]
    public void Setup()
    {
        var response = Encoding.UTF8.GetBytes(Payloads.PaymentIntentResponse);
        _account = new WooshPayAccount(Payloads.ApiKey, useTestEnvironment: true);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWooshPayClient().ConfigurePrimaryHttpMessageHandler(() => new CannedResponseHandler(response));
        _provider = services.BuildServiceProvider();
        _oursWithPipeline = _provider.GetRequiredService<IWooshPayClient>();

        // The same typed client from IHttpClientFactory without the resilience handler: the pipeline's share.
        var bare = new ServiceCollection();
        bare.AddLogging();
        bare.AddHttpClient<IWooshPayClient, WooshPayClient>("bare")
            .ConfigurePrimaryHttpMessageHandler(() => new CannedResponseHandler(response));
        _oursFactoryOnly = bare.BuildServiceProvider().GetRequiredService<IWooshPayClient>();

        _oursDirect = new WooshPayClient(new HttpClient(new CannedResponseHandler(response)),
            NullLogger<WooshPayClient>.Instance);

        var stripeClient = new StripeClient(Payloads.ApiKey,
            httpClient: new SystemNetHttpClient(new HttpClient(new CannedResponseHandler(response)),
                maxNetworkRetries: 2));
        _stripe = new PaymentIntentService(stripeClient);

        if (Ours_AddWooshPayClient().GetAwaiter().GetResult().RedirectUrl is null
            || Ours_Direct().GetAwaiter().GetResult().RedirectUrl is null
            || Stripe_CreateAsync().GetAwaiter().GetResult().Id != "pi_1646355176136638464")
            throw new InvalidOperationException("a client did not read the seed PaymentIntent");
    }

    [GlobalCleanup]
    public void Cleanup() => _provider?.Dispose();

    [Benchmark(Baseline = true, Description = "Stripe.net PaymentIntentService.CreateAsync")]
    public Task<Stripe.PaymentIntent> Stripe_CreateAsync()
    {
        var options = new PaymentIntentCreateOptions
        {
            Amount = 200,
            Currency = "IDR",
            Confirm = true,
            PaymentMethodData = new PaymentIntentPaymentMethodDataOptions { Type = "alipayplus" },
            ReturnUrl = ReturnUrl,
            Description = "Order 1001",
            Metadata = new Dictionary<string, string>
            {
                ["order_guid"] = "8f7b2c1e-4d3a-4b5c-9e8f-0a1b2c3d4e5f",
                ["order_id"] = "1001",
                ["store_id"] = "1",
                ["attempt"] = "1"
            }
        };
        // Fields Stripe has no typed option for travel as extra params, as its docs recommend.
        options.AddExtraParam("payment_method_options[alipayplus][terminal_type]", "WEB");
        options.AddExtraParam("merchant_order_id", "1001");
        return _stripe.CreateAsync(options, new RequestOptions { IdempotencyKey = IdempotencyKey });
    }

    [Benchmark(Description = "Ours via AddWooshPayClient (factory + resilience pipeline)")]
    public Task<PaymentIntent> Ours_AddWooshPayClient() =>
        _oursWithPipeline.CreatePaymentIntentAsync(_account, BuildRequest(), IdempotencyKey);

    [Benchmark(Description = "Ours via IHttpClientFactory, no resilience handler")]
    public Task<PaymentIntent> Ours_FactoryWithoutPipeline() =>
        _oursFactoryOnly.CreatePaymentIntentAsync(_account, BuildRequest(), IdempotencyKey);

    [Benchmark(Description = "Ours WooshPayClient over a bare HttpClient")]
    public Task<PaymentIntent> Ours_Direct() =>
        _oursDirect.CreatePaymentIntentAsync(_account, BuildRequest(), IdempotencyKey);

    // What PaymentIntentFlow builds for an order.
    private static PaymentIntentCreateRequest BuildRequest() => new()
    {
        Amount = 200,
        Currency = "IDR",
        Confirm = true,
        PaymentMethodData = new PaymentMethodData { Type = "alipayplus" },
        PaymentMethodOptions = new PaymentMethodOptions
        {
            AlipayPlus = new AlipayPlusPaymentMethodOptions { TerminalType = "WEB" }
        },
        ReturnUrl = ReturnUrl,
        MerchantOrderId = "1001",
        Description = "Order 1001",
        Metadata = new Dictionary<string, string>
        {
            ["order_guid"] = "8f7b2c1e-4d3a-4b5c-9e8f-0a1b2c3d4e5f",
            ["order_id"] = "1001",
            ["store_id"] = "1",
            ["attempt"] = "1"
        }
    };
}
