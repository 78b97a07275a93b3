using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WooshPay.Sandbox.Tests.Support;

/// <summary>
/// A minimal Kestrel app on 127.0.0.1:0 that records every request (raw body kept as bytes, so
/// signatures are checked on exactly what was sent) and answers with a status chosen per request.
/// Serves as webhook receiver and as return_url target for the browser test.
/// </summary>
public sealed class RecordingListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();

    public sealed record Received(string Method, string PathAndQuery,
        IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
        public string EventType => Json["type"]!.GetValue<string>();
        public string EventId => Json["id"]!.GetValue<string>();
        public string ObjectId => Json["data"]!["object"]!["id"]!.GetValue<string>();
    }

    private RecordingListener(WebApplication app) => _app = app;

    /// <summary>Decides the status for each request; default 200.</summary>
    public Func<Received, int> Respond { get; set; } = _ => 200;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<Received> Requests => _received.ToArray();

    public static async Task<RecordingListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var listener = new RecordingListener(app);
        app.Run(async ctx =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(),
                StringComparer.OrdinalIgnoreCase);
            var received = new Received(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, headers,
                buffer.ToArray());
            listener._received.Enqueue(received);
            ctx.Response.StatusCode = listener.Respond(received);
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html><body><h1 id=\"landed\">Merchant return page</h1></body></html>");
        });
        await app.StartAsync();
        var address =
            app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener.BaseAddress = new Uri(address + "/");
        return listener;
    }

    public Uri Url(string path) => new(BaseAddress, path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
