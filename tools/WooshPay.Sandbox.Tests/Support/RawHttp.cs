using System.Text;

namespace WooshPay.Sandbox.Tests.Support;

/// <summary>Raw HTTP against the sandbox (deliberately not a WooshPay client: the plugin has its own).</summary>
public sealed class RawHttp
{
    public RawHttp(HttpClient http) => Http = http;

    public HttpClient Http { get; }

    public Task<Reply> Get(string path) => Send(HttpMethod.Get, path);

    public Task<Reply> Delete(string path) => Send(HttpMethod.Delete, path);

    public Task<Reply> Post(string path, string? json = null, string? idempotencyKey = null) =>
        Send(HttpMethod.Post, path, json, idempotencyKey);

    public Task<Reply> Post(string path, JsonNode json, string? idempotencyKey = null) =>
        Send(HttpMethod.Post, path, json.ToJsonString(), idempotencyKey);

    public async Task<Reply> Send(HttpMethod method, string path, string? json = null, string? idempotencyKey = null,
        Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        configure?.Invoke(request);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, body, response.Headers, response.Content.Headers);
    }
}
