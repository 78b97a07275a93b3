#nullable enable
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

public static class WooshPayServiceCollectionExtensions
{
    /// <summary>The named HttpClient behind <see cref="IWooshPayClient"/>.</summary>
    public const string HttpClientName = "WooshPay";

    private const int MaxResponseBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Registers <see cref="IWooshPayClient"/> as a typed HttpClient with timeouts and retries,
    /// and <see cref="WebhookSignatureVerifier"/> as a singleton. Call once.
    /// </summary>
    public static IHttpClientBuilder AddWooshPayClient(this IServiceCollection services,
        Action<WooshPayResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = new WooshPayResilienceOptions();
        configure?.Invoke(options);
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WebhookSignatureVerifier(sp.GetRequiredService<TimeProvider>()));

        var builder = services.AddHttpClient<IWooshPayClient, WooshPayClient>(HttpClientName, client =>
        {
            // The resilience pipeline owns the timeouts; HttpClient's own is only a backstop behind it.
            client.Timeout = options.TotalTimeout + TimeSpan.FromSeconds(5);
            client.MaxResponseContentBufferSize = MaxResponseBytes;
            client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        });

        // Trace-level logging of IHttpClientFactory prints headers; Authorization must never be among them.
        builder.RedactLoggedHeaders(_ => true);

        // Outermost first: the total budget, then retries, then the budget of one attempt.
        builder.AddResilienceHandler("WooshPay", (pipeline, context) =>
        {
            var timeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddTimeout(
                new HttpTimeoutStrategyOptions { Name = "WooshPayTotalTimeout", Timeout = options.TotalTimeout });
            if (options.MaxRetries > 0)
                pipeline.AddRetry(WooshPayRetryPolicy.CreateRetryOptions(options, timeProvider));
            pipeline.AddTimeout(
                new HttpTimeoutStrategyOptions { Name = "WooshPayAttemptTimeout", Timeout = options.AttemptTimeout });
        });

        // Added after the resilience handler, so it sits inside the retry loop and sees every attempt. Always
        // present: one account can switch logging on for its own requests.
        builder.AddHttpMessageHandler(sp =>
            new WooshPayTrafficLoggingHandler(sp.GetRequiredService<ILogger<WooshPayTrafficLoggingHandler>>(),
                options.LogTraffic));

        return builder;
    }
}
