using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// The store's webhook endpoint on 127.0.0.1: POST /Plugins/AlipayPlus/Webhook/{storeId} reads the raw body and
/// the Wooshpay-Signature header and hands them to the plugin's <see cref="IWebhookProcessor"/> from a fresh DI
/// scope, answering its status code — what AlipayPlusWebhookController does inside nopCommerce.
/// </summary>
public sealed class PluginWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });
    private int _crashed;

    private PluginWebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>http://127.0.0.1:port/Plugins/AlipayPlus/Webhook/ — append the store id.</summary>
    public Uri BaseUrl { get; private set; }

    public IReadOnlyList<Received> Deliveries => _received.ToArray();

    /// <summary>Deliveries the processor threw on (answered 500); the processor itself never should.</summary>
    public int Crashed => Volatile.Read(ref _crashed);

    public string UrlFor(int storeId) => new Uri(BaseUrl, storeId.ToString()).ToString();

    public static async Task<PluginWebhookReceiver> StartAsync(IServiceProvider shopServices)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new PluginWebhookReceiver(app);

        app.MapPost("/Plugins/AlipayPlus/Webhook/{storeId:int}", async (int storeId, HttpContext context) =>
        {
            var body = await RawBodyReader.ReadAsync(context.Request, AlipayPlusDefaults.WebhookBodyLimitBytes, context.RequestAborted);
            if (body is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            var header = context.Request.Headers[WebhookSignatureVerifier.HeaderName].ToString();
            WebhookResult result;
            try
            {
                await using var scope = shopServices.CreateAsyncScope();
                result = await scope.ServiceProvider.GetRequiredService<IWebhookProcessor>()
                    .ProcessAsync(storeId, body, header, context.RequestAborted);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Interlocked.Increment(ref receiver._crashed);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync(exception.GetType().Name, context.RequestAborted);
                return;
            }

            receiver._received.Enqueue(new Received(storeId, body, header, result));
            context.Response.StatusCode = result.StatusCode;
            await context.Response.WriteAsync(result.Message ?? string.Empty, context.RequestAborted);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = new Uri(address.TrimEnd('/') + "/Plugins/AlipayPlus/Webhook/");
        return receiver;
    }

    /// <summary>Posts a delivery of our own making (forged, stale, altered) the way WooshPay would.</summary>
    public async Task<(int StatusCode, string Message)> PostAsync(int storeId, byte[] body, string signatureHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, UrlFor(storeId)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signatureHeader is not null)
            request.Headers.TryAddWithoutValidation(WebhookSignatureVerifier.HeaderName, signatureHeader);
        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Received(int StoreId, byte[] Body, string SignatureHeader, WebhookResult Result);
}
