using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using Nop.Plugin.Payments.AlipayPlus.Webhooks;
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
    private int _died;

    private PluginWebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>http://127.0.0.1:port/Plugins/AlipayPlus/Webhook/ — append the store id.</summary>
    public Uri BaseUrl { get; private set; }

    public IReadOnlyList<Received> Deliveries => _received.ToArray();

    /// <summary>Deliveries the processor threw on (answered 500); the processor itself never should.</summary>
    public int Crashed => Volatile.Read(ref _crashed);

    /// <summary>What the processor threw, one line each (see <see cref="Crashed"/>).</summary>
    public ConcurrentQueue<string> CrashMessages { get; } = new();

    /// <summary>Deliveries during which the node died (a farm's injected
    /// crash): answered 500, as a dead server's would fail.</summary>
    public int Died => Volatile.Read(ref _died);

    public string UrlFor(int storeId) => new Uri(BaseUrl, storeId.ToString()).ToString();

    public static Task<PluginWebhookReceiver> StartAsync(IServiceProvider shopServices) => StartAsync([shopServices]);

    /// <summary>
    /// A receiver in front of several store servers that hands every delivery to all of them at once, each in its own
    /// DI scope: the duplicate of one delivery reaching every node of a farm at the same instant. WooshPay is answered
    /// 2xx when any node handled it, else with the first node's answer (a 503 "being processed" is a retry later).
    /// </summary>
    public static async Task<PluginWebhookReceiver> StartAsync(IReadOnlyList<IServiceProvider> nodes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new PluginWebhookReceiver(app);

        app.MapPost("/Plugins/AlipayPlus/Webhook/{storeId:int}", async (int storeId, HttpContext context) =>
        {
            var body = await RawBodyReader.ReadAsync(context.Request, AlipayPlusDefaults.WebhookBodyLimitBytes,
                context.RequestAborted);
            if (body is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            var header = context.Request.Headers[WebhookSignatureVerifier.HeaderName].ToString();
            var answers = await Task.WhenAll(nodes
                .Select((node, index) => receiver.ProcessOnAsync(node, index, storeId, body, header,
                    context.RequestAborted)));
            var answer = answers.FirstOrDefault(a => a.StatusCode is >= 200 and < 300) ?? answers[0];
            context.Response.StatusCode = answer.StatusCode;
            await context.Response.WriteAsync(answer.Message ?? string.Empty, context.RequestAborted);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First();
        receiver.BaseUrl = new Uri(address.TrimEnd('/') + "/Plugins/AlipayPlus/Webhook/");
        return receiver;
    }

    private async Task<WebhookResult> ProcessOnAsync(IServiceProvider node, int nodeIndex, int storeId, byte[] body,
        string header, CancellationToken cancellationToken)
    {
        // Off the request's thread, so the nodes really run side by side.
        await Task.Yield();
        try
        {
            await using var scope = node.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IWebhookProcessor>()
                .ProcessAsync(storeId, body, header, cancellationToken);
            _received.Enqueue(new Received(storeId, body, header, result, nodeIndex));
            return result;
        }
        catch (SimulatedCrashException exception)
        {
            Interlocked.Increment(ref _died);
            return new WebhookResult(StatusCodes.Status500InternalServerError, exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Interlocked.Increment(ref _crashed);
            CrashMessages.Enqueue($"node {nodeIndex}, store {storeId}: {exception.GetType().Name}: " +
                $"{exception.Message} {exception.InnerException?.GetType().Name}: {exception.InnerException?.Message}");
            return new WebhookResult(StatusCodes.Status500InternalServerError, exception.GetType().Name);
        }
    }

    /// <summary>Posts a delivery of our own making (forged, stale, altered) the way WooshPay would.</summary>
    public async Task<(int StatusCode, string Message)> PostAsync(int storeId, byte[] body, string signatureHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, UrlFor(storeId))
        {
            Content = new ByteArrayContent(body)
        };
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

    /// <param name="Node">Which of the servers handled it (0 when there is one).</param>
    public sealed record Received(int StoreId, byte[] Body, string SignatureHeader, WebhookResult Result, int Node = 0);
}
