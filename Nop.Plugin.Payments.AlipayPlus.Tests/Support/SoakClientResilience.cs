using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Polly;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// Replaces the WooshPay client's resilience pipeline (registered by AddAlipayPlusServices with the store's
/// defaults: 500 ms back-off, 10 s per attempt) by the same pipeline with other options, so a soak under
/// injected faults retries with short delays. Call from ShopWorld's configure callback.
/// </summary>
internal static class SoakClientResilience
{
    public static IServiceCollection OverrideWooshPayResilience(this IServiceCollection services,
        WooshPayResilienceOptions options,
        ApiAttemptCounter counter = null)
    {
        var builder = services.AddHttpClient(WooshPayServiceCollectionExtensions.HttpClientName);

        // Drop the store's pipeline (the handler chain is built in registration order, so only it is there yet)...
        builder.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
#pragma warning disable EXTEXP0001 // only its type is looked at, to take it out of the chain
                if (handlers[i] is ResilienceHandler)
#pragma warning restore EXTEXP0001
                    handlers.RemoveAt(i);
            }
        });

        // ...and add the plugin's own strategies again, same order and retry predicate, with these options.
        builder.AddResilienceHandler("WooshPaySoak", (pipeline, context) =>
        {
            pipeline.AddTimeout(
                new HttpTimeoutStrategyOptions { Name = "WooshPayTotalTimeout", Timeout = options.TotalTimeout });
            if (options.MaxRetries > 0)
                pipeline.AddRetry(WooshPayRetryPolicy.CreateRetryOptions(options, TimeProvider.System));
            pipeline.AddTimeout(
                new HttpTimeoutStrategyOptions { Name = "WooshPayAttemptTimeout", Timeout = options.AttemptTimeout });
        });

        // Inside the retry loop: sees every attempt, so the soak can say how many calls met a fault.
        if (counter is not null)
            builder.AddHttpMessageHandler(() => new CountingHandler(counter));

        return services;
    }

    private sealed class CountingHandler(ApiAttemptCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter.Attempts);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if ((int)response.StatusCode is 429 or >= 500)
                    Interlocked.Increment(ref counter.Faulted);
                if ((int)response.StatusCode == 409)
                    Interlocked.Increment(ref counter.Conflicts);
                return response;
            }
            catch (Exception)
            {
                // Timed out by the attempt timeout, or the connection was dropped.
                Interlocked.Increment(ref counter.Faulted);
                throw;
            }
        }
    }
}

internal sealed class ApiAttemptCounter
{
    public int Attempts;
    public int Faulted;

    /// <summary>Answered 409: an Idempotency-Key still in use by an earlier attempt, or refused on reuse.</summary>
    public int Conflicts;
}
