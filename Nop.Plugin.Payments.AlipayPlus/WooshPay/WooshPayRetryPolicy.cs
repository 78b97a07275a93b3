#nullable enable
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// Which failed calls are worth repeating. A POST is repeated only with an Idempotency-Key:
/// without one a lost answer to "create refund" would become a second refund.
/// </summary>
internal static class WooshPayRetryPolicy
{
    internal static bool IsSafeToRepeat(HttpRequestMessage? request)
    {
        if (request is null)
            return false;

        var method = request.Method;
        if (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Delete)
            return true;

        return method == HttpMethod.Post && request.Headers.Contains(WooshPayHeaders.IdempotencyKey);
    }

    internal static bool ShouldRetry(HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome,
        TimeSpan maxRetryAfter, TimeProvider timeProvider)
    {
        if (!IsSafeToRepeat(request) || !HttpClientResiliencePredicates.IsTransient(outcome))
            return false;

        // A server asking for a long pause gets it from the caller, not from a shopper's request thread.
        return outcome.Result is not { } response || !(GetRetryAfter(response, timeProvider) > maxRetryAfter);
    }

    internal static TimeSpan? GetRetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        if (header is null)
            return null;
        if (header.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    internal static HttpRetryStrategyOptions CreateRetryOptions(WooshPayResilienceOptions options,
        TimeProvider timeProvider) => new()
    {
        Name = "WooshPayRetry",
        MaxRetryAttempts = options.MaxRetries,
        Delay = options.BaseDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ValueTask.FromResult(
            ShouldRetry(args.Context.GetRequestMessage(), args.Outcome, options.MaxRetryAfter, timeProvider)),
    };
}
