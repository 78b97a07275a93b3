using System.Net;
using System.Net.Http.Headers;

namespace AlipayPlus.Benchmarks.Micro;

/// <summary>
/// The wire without the wire: reads the request body as a socket would (so lazily built content is
/// built), then answers with the same canned JSON bytes, a fresh response each call.
/// </summary>
public sealed class CannedResponseHandler : HttpMessageHandler
{
    private readonly byte[] _body;

    public CannedResponseHandler(byte[] body)
    {
        _body = body;
    }

    public int Requests;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Requests);
        if (request.Content is not null)
            await request.Content.CopyToAsync(Stream.Null, cancellationToken);

        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(_body)
        };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        response.Headers.TryAddWithoutValidation("Request-Id", "req_bench0000000001");
        return response;
    }
}
