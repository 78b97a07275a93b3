using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// A WooshPay behind the real WooshPayClient that answers from what the test put in it: GET of known
/// intents and sessions, and a scripted answer for creating one. Anything else is a WooshPay 404.
/// </summary>
internal sealed class ScriptedWooshPay : HttpMessageHandler
{
    public ConcurrentDictionary<string, JsonObject> Intents { get; } = new();

    public ConcurrentDictionary<string, JsonObject> Sessions { get; } = new();

    /// <summary>The answer to POST /v1/payment_intents and POST /v1/checkout/sessions.</summary>
    public Func<HttpResponseMessage> CreateAnswer { get; set; } = () =>
        Json(HttpStatusCode.InternalServerError, """{"error":{"type":"api_error","message":"not scripted"}}""");

    public ConcurrentQueue<string> Requests { get; } = new();

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Text(HttpStatusCode status, string text, string mediaType = "text/html") =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath.TrimEnd('/');
        Requests.Enqueue($"{request.Method} {path}");
        HttpResponseMessage response;
        if (request.Method == HttpMethod.Post && path is "/v1/payment_intents" or "/v1/checkout/sessions")
            response = CreateAnswer();
        else if (request.Method == HttpMethod.Get && path.StartsWith("/v1/payment_intents/", StringComparison.Ordinal)
                 && Intents.TryGetValue(path["/v1/payment_intents/".Length..], out var intent))
            response = Json(HttpStatusCode.OK, intent.ToJsonString());
        else if (request.Method == HttpMethod.Get && path.StartsWith("/v1/checkout/sessions/", StringComparison.Ordinal)
                 && Sessions.TryGetValue(path["/v1/checkout/sessions/".Length..], out var session))
            response = Json(HttpStatusCode.OK, session.ToJsonString());
        else
            response = Json(HttpStatusCode.NotFound,
                """{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such object"}}""");

        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}
