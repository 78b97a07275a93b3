using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Soak;

/// <summary>
/// The store's webhook endpoint in miniature: Kestrel on 127.0.0.1:0 hands the raw body and the
/// Wooshpay-Signature header of POST /webhook/{storeId} to the plugin's IWebhookProcessor in a fresh DI
/// scope (one request, one scope, as in the store) and answers with its status code, as
/// AlipayPlusWebhookController does.
/// </summary>
internal sealed class SoakWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _received;
    private int _crashed;

    private SoakWebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUrl { get; private set; }

    public int Received => Volatile.Read(ref _received);

    /// <summary>Deliveries the processor threw on (answered 500); the processor itself never should.</summary>
    public int Crashed => Volatile.Read(ref _crashed);

    public Uri UrlFor(int storeId) => new(BaseUrl, $"webhook/{storeId}");

    public static async Task<SoakWebhookReceiver> StartAsync(IServiceProvider shopServices)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new SoakWebhookReceiver(app);

        app.MapPost("/webhook/{storeId:int}", async (int storeId, HttpContext context) =>
        {
            Interlocked.Increment(ref receiver._received);
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            try
            {
                await using var scope = shopServices.CreateAsyncScope();
                var processor = scope.ServiceProvider.GetRequiredService<IWebhookProcessor>();
                var result = await processor.ProcessAsync(storeId, buffer.ToArray(),
                    context.Request.Headers[WebhookSignatureVerifier.HeaderName].ToString(), context.RequestAborted);
                context.Response.StatusCode = result.StatusCode;
                await context.Response.WriteAsync(result.Message ?? string.Empty);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Interlocked.Increment(ref receiver._crashed);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync(exception.GetType().Name);
            }
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
