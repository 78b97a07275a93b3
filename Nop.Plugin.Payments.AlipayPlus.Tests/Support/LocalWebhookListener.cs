using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// A webhook receiver on 127.0.0.1 that keeps each delivery's raw bytes and signature header, so
/// the signature is checked on exactly what arrived, the way the store's endpoint must.
/// </summary>
internal sealed class LocalWebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Delivery> _deliveries = new();

    private LocalWebhookListener(WebApplication app)
    {
        _app = app;
    }

    public Uri Url { get; private set; }

    public IReadOnlyList<Delivery> Deliveries => _deliveries.ToArray();

    public static async Task<LocalWebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var listener = new LocalWebhookListener(app);
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            listener._deliveries.Enqueue(
                new Delivery(buffer.ToArray(), context.Request.Headers["Wooshpay-Signature"].ToString()));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First();
        listener.Url = new Uri(address.TrimEnd('/') + "/webhooks/wooshpay");
        return listener;
    }

    /// <summary>Waits until a delivery matches, or fails the wait after <paramref name="timeout"/>.</summary>
    public async Task<Delivery> WaitForAsync(Func<Delivery, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var found = _deliveries.FirstOrDefault(match);
            if (found is not null)
                return found;
            await Task.Delay(50);
        }

        throw new TimeoutException($"No matching webhook within {timeout}; got {_deliveries.Count} deliveries.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed record Delivery(byte[] Body, string SignatureHeader)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }
}
