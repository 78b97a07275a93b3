using System.Net;
using System.Net.Http.Headers;

namespace WooshPay.Sandbox.Tests.Support;

/// <summary>What came back from one raw HTTP call.</summary>
public sealed record Reply(HttpStatusCode Status, string Body, HttpResponseHeaders Headers,
    HttpContentHeaders? ContentHeaders)
{
    public int Code => (int)Status;

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new AssertionException("Body was JSON null: " + Body);

    public JsonObject Obj => Json.AsObject();

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(",", values) :
        ContentHeaders is not null && ContentHeaders.TryGetValues(name, out var cv) ? string.Join(",", cv) : null;

    public string S(string path) => Get(path)?.GetValue<string>()
        ?? throw new AssertionException($"{path} missing in {Body}");

    public long L(string path) => Get(path)?.GetValue<long>()
        ?? throw new AssertionException($"{path} missing in {Body}");

    /// <summary>Dotted path, e.g. "error.code" or "data.0.id".</summary>
    public JsonNode? Get(string path)
    {
        JsonNode? node = Json;
        foreach (var part in path.Split('.'))
        {
            node = node switch
            {
                JsonArray arr when int.TryParse(part, out var i) => i < arr.Count ? arr[i] : null,
                JsonObject obj => obj[part],
                _ => null,
            };
        }

        return node;
    }

    public Reply Expect(int status)
    {
        Assert.That(Code, Is.EqualTo(status), () => $"Expected HTTP {status}, got {Code}: {Body}");
        return this;
    }
}
