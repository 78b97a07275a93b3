using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Faults;

namespace WooshPay.Sandbox.Api;

/// <summary>
/// Runs every /v1 call: authentication, fault injection, idempotency, the handler, and the error
/// envelope. Faults "after processing" replace the response on the wire only; the idempotency
/// record keeps the real one, so a retry with the same key gets what the lost response said.
/// </summary>
public sealed class ApiPipeline
{
    private static readonly TimeSpan ConcurrentKeyWait = TimeSpan.FromSeconds(30);
    private readonly SandboxRuntime _sandbox;
    private readonly ILogger<ApiPipeline> _log;

    public ApiPipeline(SandboxRuntime sandbox, ILogger<ApiPipeline> log)
    {
        _sandbox = sandbox;
        _log = log;
    }

    public async Task Handle(HttpContext ctx, Func<ApiRequest, ApiResult> handler)
    {
        Account account;
        try
        {
            account = _sandbox.Authenticator.Authenticate(ctx.Request);
        }
        catch (ApiException e)
        {
            await e.ToResult().WriteAsync(ctx);
            return;
        }

        var fault = _sandbox.Faults.DecideApiCall();
        if (fault.LatencyMs > 0) await Task.Delay(fault.LatencyMs, ctx.RequestAborted);

        switch (fault.Kind)
        {
            case FaultKind.RateLimited:
                await RateLimited().WriteAsync(ctx);
                return;
            case FaultKind.ServerErrorBeforeProcessing:
                await ServerError(fault.StatusCode).WriteAsync(ctx);
                return;
            case FaultKind.TimeoutBeforeProcessing:
                await TimeOut(ctx, fault);
                return;
        }

        var raw = await ReadBody(ctx);
        var (result, replayed) = await Execute(ctx, account, raw, handler);

        switch (fault.Kind)
        {
            case FaultKind.ServerErrorAfterProcessing:
                await ServerError(fault.StatusCode).WriteAsync(ctx);
                return;
            case FaultKind.TimeoutAfterProcessing:
                await TimeOut(ctx, fault);
                return;
        }

        await result.WriteAsync(ctx, replayed);
    }

    private async Task<(ApiResult Result, bool Replayed)> Execute(HttpContext ctx, Account account, byte[] raw, Func<ApiRequest, ApiResult> handler)
    {
        var key = ctx.Request.Headers["Idempotency-Key"].ToString();
        if (!HttpMethods.IsPost(ctx.Request.Method) || string.IsNullOrEmpty(key))
            return (Run(ctx, account, raw, handler), false);

        if (key.Length > 255)
            return (ApiException.Invalid(null, "Idempotency-Key must be at most 255 characters.", "idempotency_key_too_long").ToResult(), false);

        var fingerprint = Fingerprint(ctx.Request.Method, ctx.Request.Path, raw);
        var store = _sandbox.State.Idempotency;
        while (true)
        {
            var (entry, claimed) = store.Claim(account, key, fingerprint);
            if (claimed)
            {
                ApiResult? result = null;
                try
                {
                    result = Run(ctx, account, raw, handler);
                    return (result, false);
                }
                finally
                {
                    // A crash stores nothing, so the next attempt executes for real.
                    store.Complete(account, key, entry, result?.StatusCode >= 500 ? null : result);
                }
            }

            if (entry.Fingerprint != fingerprint)
            {
                return (new ApiException(409, "idempotency_error", "idempotency_key_reused",
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. " +
                    $"Try using a key other than '{key}' if you meant to execute a different request.").ToResult(), false);
            }

            ApiResult? outcome;
            try
            {
                outcome = await entry.Outcome.Task.WaitAsync(ConcurrentKeyWait, ctx.RequestAborted);
            }
            catch (TimeoutException)
            {
                return (new ApiException(409, "idempotency_error", "idempotency_key_in_use",
                    $"Another request with Idempotency-Key '{key}' is still being processed; retry later.").ToResult(), false);
            }

            if (outcome is not null) return (outcome, true);
        }
    }

    private ApiResult Run(HttpContext ctx, Account account, byte[] raw, Func<ApiRequest, ApiResult> handler)
    {
        try
        {
            var body = JsonBody.Parse(raw);
            var request = new ApiRequest(ctx, account, body, _sandbox.BaseUrlFor(ctx.Request));
            return handler(request);
        }
        catch (ApiException e)
        {
            return e.ToResult();
        }
        catch (Exception e)
        {
            _log.LogError(e, "Unhandled error in {Path}", ctx.Request.Path);
            return new ApiException(500, "api_error", "internal_error", "The sandbox hit an unexpected error: " + e.Message).ToResult();
        }
    }

    private static async Task<byte[]> ReadBody(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>Same call = same method, path and JSON (whitespace-insensitive).</summary>
    private static string Fingerprint(string method, string path, byte[] raw)
    {
        string canonical;
        try
        {
            canonical = raw.Length == 0 ? "" : JsonNode.Parse(raw)?.ToJsonString() ?? "null";
        }
        catch (Exception)
        {
            canonical = Convert.ToBase64String(raw);
        }

        return method + " " + path + " " + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private ApiResult RateLimited()
    {
        var retryAfter = _sandbox.Faults.Current.RetryAfterSeconds;
        return new ApiException(429, "invalid_request_error", "rate_limit",
            "Too many requests hit the API too quickly (sandbox fault injection). Back off and retry.")
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter.ToString() },
        }.ToResult();
    }

    private static ApiResult ServerError(int status) =>
        new ApiException(status, "api_error", "sandbox_injected_fault",
            $"Injected {status} (sandbox fault injection). The request may or may not have been processed; retry with the same Idempotency-Key.")
            .ToResult();

    private async Task TimeOut(HttpContext ctx, FaultDecision fault)
    {
        await Task.Delay(_sandbox.Faults.Current.TimeoutMs, ctx.RequestAborted);
        if (fault.AbortConnection)
        {
            // The client sees a dropped connection rather than an answer.
            ctx.Abort();
            return;
        }

        await new ApiException(504, "api_error", "sandbox_timeout", "Gateway timeout (sandbox fault injection).").ToResult().WriteAsync(ctx);
    }
}
