using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Faults;

namespace WooshPay.Sandbox.Api;

/// <summary>
/// Runs every /v1 call: authentication, fault injection, idempotency, the handler, and the error
/// envelope. Faults "after processing" replace the response on the wire only; the idempotency
/// record keeps the real one, so a retry with the same key gets what the lost response said
/// (or, with <see cref="FaultSettings.SameKeyCompleted"/>, a refusal a gateway may give instead).
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

        var fault = _sandbox.Faults.DecideApiCall(account.SecretKey, ctx.Request.Method, ctx.Request.Path);
        if (fault.LatencyMs > 0) await Task.Delay(fault.LatencyMs, ctx.RequestAborted);

        switch (fault.Kind)
        {
            case FaultKind.RateLimited:
                await RateLimited(fault.RetryAfterSeconds).WriteAsync(ctx);
                return;
            case FaultKind.ServerErrorBeforeProcessing:
                await ServerError(fault.StatusCode).WriteAsync(ctx);
                return;
            case FaultKind.TimeoutBeforeProcessing:
                await TimeOut(ctx, fault);
                return;
        }

        var raw = await ReadBody(ctx);
        var (result, replayed) = await Execute(ctx, account, raw, handler, fault.ProcessingDelayMs);

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

    private async Task<(ApiResult Result, bool Replayed)> Execute(HttpContext ctx, Account account, byte[] raw,
        Func<ApiRequest, ApiResult> handler, int processingDelayMs)
    {
        var key = ctx.Request.Headers["Idempotency-Key"].ToString();
        if (!HttpMethods.IsPost(ctx.Request.Method) || string.IsNullOrEmpty(key))
        {
            await Hold(ctx, processingDelayMs);
            return (ShapeCreateAnswer(ctx, account, Run(ctx, account, raw, handler)), false);
        }

        if (key.Length > 255)
            return (ApiException
                .Invalid(null, "Idempotency-Key must be at most 255 characters.", "idempotency_key_too_long")
                .ToResult(), false);

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
                    // Held after the claim, so a same-key call arriving meanwhile finds the key in use.
                    await Hold(ctx, processingDelayMs);
                    result = ShapeCreateAnswer(ctx, account, Run(ctx, account, raw, handler));
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
                    "Keys for idempotent requests can only be used with the same parameters they were first used " +
                    $"with. Try using a key other than '{key}' if you meant to execute a different request.")
                        .ToResult(), false);
            }

            // Read now, not when the call arrived: a test may switch the mode while the first call is held.
            var modes = _sandbox.Faults.For(account.SecretKey);
            if (!entry.Outcome.Task.IsCompleted && modes.SameKeyInFlight == SameKeyModes.Conflict)
                return (KeyInUse(key), false);

            ApiResult? outcome;
            try
            {
                outcome = await entry.Outcome.Task.WaitAsync(ConcurrentKeyWait, ctx.RequestAborted);
            }
            catch (TimeoutException)
            {
                return (KeyInUse(key), false);
            }

            if (outcome is null) continue;
            return modes.SameKeyCompleted switch
            {
                SameKeyModes.Conflict => (new ApiException(409, "idempotency_error", "idempotency_key_reused",
                    $"Idempotency-Key '{key}' was already used by a completed request (sandbox " +
                    "same_key_completed=conflict); look the object up instead of retrying.").ToResult(), false),
                SameKeyModes.BadRequest => (new ApiException(400, "invalid_request_error", "idempotency_key_reused",
                    $"Idempotency-Key '{key}' was already used (sandbox same_key_completed=bad_request).")
                        .ToResult(), false),
                _ => (outcome, true),
            };
        }
    }

    /// <summary>
    /// 409 as Stripe answers a same-key call while the first is in flight; the type is the one
    /// WooshPay's error list names for idempotency (see README: shape).
    /// </summary>
    private static ApiResult KeyInUse(string key) =>
        new ApiException(409, "idempotency_error", "idempotency_key_in_use",
            $"There is currently another in-progress request using this Idempotency-Key ('{key}'); retry later.")
                .ToResult();

    /// <summary>
    /// <see cref="FaultSettings.CreateAnswer"/>: the object was created as asked, the answer says otherwise.
    /// Shaped before the idempotency record keeps it, as a gateway would replay what it answered.
    /// </summary>
    private ApiResult ShapeCreateAnswer(HttpContext ctx, Account account, ApiResult result)
    {
        var mode = _sandbox.Faults.For(account.SecretKey).CreateAnswer;
        var path = ctx.Request.Path.Value?.TrimEnd('/');
        var intent = path == "/v1/payment_intents";
        if (mode == CreateAnswers.Normal || result.StatusCode != 200 || !HttpMethods.IsPost(ctx.Request.Method)
            || !(intent || path == "/v1/checkout/sessions"))
            return result;

        if (JsonNode.Parse(result.Body) is not JsonObject body) return result;
        if (mode == CreateAnswers.NoRedirectUrl)
        {
            if (intent) body["next_action"] = null;
            else body["url"] = null;
        }
        else
        {
            body["object"] = intent ? "checkout.session" : "payment_intent";
        }

        return result with { Body = SandboxJson.Serialize(body) };
    }

    private static Task Hold(HttpContext ctx, int ms) =>
        ms > 0 ? Task.Delay(ms, ctx.RequestAborted) : Task.CompletedTask;

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
            return new ApiException(500, "api_error", "internal_error",
                "The sandbox hit an unexpected error: " + e.Message)
                .ToResult();
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

    private static ApiResult RateLimited(int retryAfter)
    {
        return new ApiException(429, "invalid_request_error", "rate_limit",
            "Too many requests hit the API too quickly (sandbox fault injection). Back off and retry.")
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter.ToString() },
        }.ToResult();
    }

    private static ApiResult ServerError(int status) =>
        new ApiException(status, "api_error", "sandbox_injected_fault",
            $"Injected {status} (sandbox fault injection). The request may or may not have been processed; retry " +
            "with the same Idempotency-Key.")
            .ToResult();

    private static async Task TimeOut(HttpContext ctx, FaultDecision fault)
    {
        await Task.Delay(fault.TimeoutMs, ctx.RequestAborted);
        if (fault.AbortConnection)
        {
            // The client sees a dropped connection rather than an answer.
            ctx.Abort();
            return;
        }

        await new ApiException(504, "api_error", "sandbox_timeout", "Gateway timeout (sandbox fault injection).")
            .ToResult()
            .WriteAsync(ctx);
    }
}
