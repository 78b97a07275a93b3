using System.Net;
using System.Text;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>An in-memory WooshPay: records every attempt and answers from a script.</summary>
internal sealed class FakeHttpMessageHandler : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> _fallback;

    public List<RecordedRequest> Requests { get; } = new();

    public int Attempts => Requests.Count;

    public RecordedRequest LastRequest => Requests[^1];

    /// <summary>Answers the next attempt; once the script runs out the last answer repeats.</summary>
    public FakeHttpMessageHandler Then(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _script.Enqueue(responder);
        _fallback = responder;
        return this;
    }

    public FakeHttpMessageHandler ThenJson(HttpStatusCode status, string json,
        Action<HttpResponseMessage> configure = null) =>
        Then((_, _) =>
        {
            var response = Json(status, json);
            configure?.Invoke(response);
            return Task.FromResult(response);
        });

    public FakeHttpMessageHandler ThenText(HttpStatusCode status, string text, string mediaType = "text/html") =>
        Then((_, _) => Task.FromResult(
            new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) }));

    public FakeHttpMessageHandler ThenThrow(Exception exception) =>
        Then((_, _) => Task.FromException<HttpResponseMessage>(exception));

    public FakeHttpMessageHandler ThenHang() =>
        Then(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri,
            request.Headers.Authorization?.ToString(),
            request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null,
            request.Content?.Headers.ContentType?.ToString(),
            request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken),
            request.Headers.ToString());
        Requests.Add(recorded);

        var responder = _script.Count > 0 ? _script.Dequeue() : _fallback
            ?? throw new InvalidOperationException("No scripted answer.");
        var response = await responder(recorded, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}

internal sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    string Authorization,
    string IdempotencyKey,
    string ContentType,
    string Body,
    string AllHeaders);
