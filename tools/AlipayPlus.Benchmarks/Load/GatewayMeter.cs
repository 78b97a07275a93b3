using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace AlipayPlus.Benchmarks.Load;

/// <summary>
/// Counts and times the plugin's calls to WooshPay: a DelegatingHandler added to the plugin's named
/// HttpClient after its resilience handler, so it sees every attempt that goes on the wire.
/// </summary>
public sealed class GatewayMeter
{
    private long _requests;
    private long _ticks;

    public long Requests => Interlocked.Read(ref _requests);

    public TimeSpan Time => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public void AddTo(IServiceCollection services) =>
        services
            .AddHttpClient(WooshPayServiceCollectionExtensions.HttpClientName)
            .AddHttpMessageHandler(() => new Handler(this));

    private sealed class Handler(GatewayMeter meter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref meter._requests);
            var start = Stopwatch.GetTimestamp();
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Add(ref meter._ticks, Stopwatch.GetTimestamp() - start);
            }
        }
    }
}
