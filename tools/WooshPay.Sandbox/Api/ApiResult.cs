using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Api;

/// <summary>
/// A finished API response held as text, so it can be stored for idempotent replay and sent
/// byte for byte the same again.
/// </summary>
public sealed record ApiResult(int StatusCode, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ApiResult Json(JsonNode body, int status = 200) => new(status, SandboxJson.Serialize(body));

    public async Task WriteAsync(HttpContext ctx, bool replayed = false)
    {
        ctx.Response.StatusCode = StatusCode;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        if (Headers is not null)
            foreach (var (k, v) in Headers) ctx.Response.Headers[k] = v;
        if (replayed) ctx.Response.Headers["Idempotent-Replayed"] = "true";
        await ctx.Response.WriteAsync(Body, ctx.RequestAborted);
    }
}
