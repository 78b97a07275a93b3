#nullable enable
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Json;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Polly.Timeout;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// WooshPay REST client. One instance serves every account: the account (key and host) travels with
/// each call, so nothing account-specific is set on the shared HttpClient.
/// </summary>
public partial class WooshPayClient : IWooshPayClient
{
    private static readonly WooshPayJsonContext Json = WooshPayJsonContext.Default;

    private readonly HttpClient _httpClient;
    private readonly ILogger<WooshPayClient> _logger;
    private readonly TimeProvider _timeProvider;

    public WooshPayClient(HttpClient httpClient, ILogger<WooshPayClient> logger, TimeProvider? timeProvider = null)
    {
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public Task<PaymentIntent> CreatePaymentIntentAsync(WooshPayAccount account, PaymentIntentCreateRequest request,
        string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync(account, "v1/payment_intents", request, Json.PaymentIntentCreateRequest, idempotencyKey,
            Json.PaymentIntent, cancellationToken);
    }

    public Task<PaymentIntent> GetPaymentIntentAsync(WooshPayAccount account, string paymentIntentId,
        CancellationToken cancellationToken = default) =>
        SendAsync(account, HttpMethod.Get, "v1/payment_intents/" + PathId(paymentIntentId, nameof(paymentIntentId)),
            null, null, Json.PaymentIntent, cancellationToken);

    public Task<PaymentIntent> CancelPaymentIntentAsync(WooshPayAccount account, string paymentIntentId,
        string cancellationReason, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var path = "v1/payment_intents/" + PathId(paymentIntentId, nameof(paymentIntentId)) + "/cancel";
        if (string.IsNullOrWhiteSpace(cancellationReason))
            throw new ArgumentException("WooshPay needs a cancellation_reason to cancel a PaymentIntent.",
                nameof(cancellationReason));
        var body = new PaymentIntentCancelRequest { CancellationReason = cancellationReason };
        return PostAsync(account, path, body, Json.PaymentIntentCancelRequest, idempotencyKey, Json.PaymentIntent,
            cancellationToken);
    }

    public Task<Refund> CreateRefundAsync(WooshPayAccount account, RefundCreateRequest request, string idempotencyKey,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.PaymentIntent))
            throw new ArgumentException("A refund needs the PaymentIntent id it refunds.", nameof(request));
        if (request.Amount is <= 0)
            throw new ArgumentOutOfRangeException(nameof(request), request.Amount,
                "A refund amount must be positive (minor units).");
        return PostAsync(account, "v1/refunds", request, Json.RefundCreateRequest, idempotencyKey, Json.Refund,
            cancellationToken);
    }

    public Task<Refund> GetRefundAsync(WooshPayAccount account, string refundId,
        CancellationToken cancellationToken = default) =>
        SendAsync(account, HttpMethod.Get, "v1/refunds/" + PathId(refundId, nameof(refundId)), null, null, Json.Refund,
            cancellationToken);

    public Task<WooshPayList<Refund>> ListRefundsAsync(WooshPayAccount account, string? paymentIntentId,
        ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder();
        if (!string.IsNullOrEmpty(paymentIntentId))
            ListOptions.Append(query, "payment_intent", paymentIntentId);
        options?.AppendTo(query);
        return SendAsync(account, HttpMethod.Get, "v1/refunds" + query, null, null, Json.WooshPayListRefund,
            cancellationToken);
    }

    public Task<CheckoutSession> CreateCheckoutSessionAsync(WooshPayAccount account,
        CheckoutSessionCreateRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync(account, "v1/checkout/sessions", request, Json.CheckoutSessionCreateRequest, idempotencyKey,
            Json.CheckoutSession, cancellationToken);
    }

    public Task<CheckoutSession> GetCheckoutSessionAsync(WooshPayAccount account, string sessionId,
        CancellationToken cancellationToken = default) =>
        SendAsync(account, HttpMethod.Get, "v1/checkout/sessions/" + PathId(sessionId, nameof(sessionId)), null, null,
            Json.CheckoutSession, cancellationToken);

    public Task<CheckoutSession> ExpireCheckoutSessionAsync(WooshPayAccount account, string sessionId,
        string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var path = "v1/checkout/sessions/" + PathId(sessionId, nameof(sessionId)) + "/expire";
        return PostAsync(account, path, EmptyRequest.Instance, Json.EmptyRequest, idempotencyKey, Json.CheckoutSession,
            cancellationToken);
    }

    public Task<WebhookEndpoint> CreateWebhookEndpointAsync(WooshPayAccount account,
        WebhookEndpointCreateRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync(account, "v1/webhook_endpoints", request, Json.WebhookEndpointCreateRequest, idempotencyKey,
            Json.WebhookEndpoint, cancellationToken);
    }

    public Task<WooshPayList<WebhookEndpoint>> ListWebhookEndpointsAsync(WooshPayAccount account,
        ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder();
        options?.AppendTo(query);
        return SendAsync(account, HttpMethod.Get, "v1/webhook_endpoints" + query, null, null,
            Json.WooshPayListWebhookEndpoint, cancellationToken);
    }

    public Task<DeletedObject> DeleteWebhookEndpointAsync(WooshPayAccount account, string webhookEndpointId,
        CancellationToken cancellationToken = default) =>
        SendAsync(account, HttpMethod.Delete,
            "v1/webhook_endpoints/" + PathId(webhookEndpointId, nameof(webhookEndpointId)), null, null,
            Json.DeletedObject, cancellationToken);

    internal static string? ReadRequestId(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues(WooshPayHeaders.RequestId, out var values)
            || response.Headers.TryGetValues("X-Request-Id", out values))
            return values.FirstOrDefault();
        return null;
    }

    private Task<TResponse> PostAsync<TRequest, TResponse>(WooshPayAccount account, string path, TRequest body,
        JsonTypeInfo<TRequest> bodyType, string idempotencyKey, JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        // Without a key a retried POST could create a second payment or refund; the retry policy
        // would refuse to repeat it, so demand one up front instead of losing resilience silently.
        if (string.IsNullOrWhiteSpace(idempotencyKey))
            throw new ArgumentException("Every WooshPay POST needs an idempotency key derived from the business " +
                "operation (order, refund).", nameof(idempotencyKey));
        if (idempotencyKey.Length > 255)
            throw new ArgumentException("The idempotency key must be at most 255 characters.", nameof(idempotencyKey));

        var json = JsonSerializer.SerializeToUtf8Bytes(body, bodyType);
        return SendAsync(account, HttpMethod.Post, path, json, idempotencyKey, responseType, cancellationToken);
    }

    private async Task<TResponse> SendAsync<TResponse>(WooshPayAccount account, HttpMethod method, string path,
        byte[]? jsonBody, string? idempotencyKey, JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(account);
        // HttpClient does not look at the token before a handler does; a cancelled call must not reach WooshPay.
        cancellationToken.ThrowIfCancellationRequested();

        using var request = new HttpRequestMessage(method, new Uri(account.BaseAddress, path));
        // Per request, never on DefaultRequestHeaders: the HttpClient is shared by accounts with different keys.
        request.Headers.Authorization = account.CreateAuthorizationHeader();
        if (account.LogTraffic)
            request.Options.Set(WooshPayTrafficLoggingHandler.Enabled, true);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (idempotencyKey is not null)
            request.Headers.TryAddWithoutValidation(WooshPayHeaders.IdempotencyKey, idempotencyKey);
        if (jsonBody is not null)
        {
            // Byte content can be sent again as is when the resilience handler retries.
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        var displayPath = "/" + path.Split('?', 2)[0];
        int status;
        string? requestId;
        TimeSpan? retryAfter;
        string? mediaType;
        byte[] content;
        try
        {
            using var response = await _httpClient
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
            status = (int)response.StatusCode;
            requestId = ReadRequestId(response);
            retryAfter = WooshPayRetryPolicy.GetRetryAfter(response, _timeProvider);
            mediaType = response.Content.Headers.ContentType?.MediaType;
            content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or OperationCanceledException)
        {
            LogNoAnswer(_logger, method.Method, displayPath, "timeout", ex);
            throw new WooshPayException($"WooshPay {method} {displayPath} timed out.", ex) { IsTransient = true };
        }
        catch (HttpRequestException ex)
        {
            LogNoAnswer(_logger, method.Method, displayPath, "transport failure", ex);
            throw new WooshPayException($"WooshPay {method} {displayPath} could not be reached: {ex.Message}", ex)
            {
                IsTransient = true
            };
        }

        if (status is < 200 or > 299)
        {
            var error = CreateError(account, method, displayPath, status, requestId, retryAfter, mediaType, content);
            LogFailed(_logger, method.Method, displayPath, status, error.ErrorType, error.Code, requestId);
            throw error;
        }

        return ReadAnswer(method, displayPath, status, requestId, content, responseType);
    }

    private static TResponse ReadAnswer<TResponse>(HttpMethod method, string path, int status, string? requestId,
        byte[] content, JsonTypeInfo<TResponse> responseType)
        where TResponse : class
    {
        var what = typeof(TResponse).IsGenericType ? "list" : typeof(TResponse).Name;
        TResponse? result;
        try
        {
            result = JsonSerializer.Deserialize(content, responseType);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new WooshPayException($"WooshPay {method} {path} answered HTTP {status} with a body that is not a " +
                $"{what} ({content.Length} bytes): {ex.Message}", ex)
            {
                HttpStatus = status,
                RequestId = requestId,
            };
        }

        if (result is null)
        {
            throw new WooshPayException($"WooshPay {method} {path} answered HTTP {status} with an empty {what}.")
            {
                HttpStatus = status,
                RequestId = requestId,
            };
        }

        if (result is IWooshPayResponse response && response.FindMissingField() is { } missing)
        {
            throw new WooshPayException(
                $"WooshPay {method} {path} answered HTTP {status} with a {what} that has no '{missing}'.")
            {
                HttpStatus = status,
                RequestId = requestId,
            };
        }

        return result;
    }

    private static WooshPayException CreateError(WooshPayAccount account, HttpMethod method, string path, int status,
        string? requestId, TimeSpan? retryAfter, string? mediaType, byte[] content)
    {
        var error = TryReadError(content);
        // The gateway may quote the key back (even masked); make sure no full key reaches our logs.
        var gatewayMessage = Redact(error?.Message, account);
        var transient = status is 408 or 429 or >= 500;

        string message;
        if (status == 401)
        {
            message = WooshPayException.AuthenticationFailedMessage;
        }
        else if (error is null)
        {
            message = $"WooshPay {method} {path} failed with HTTP {status} and a body that is not a WooshPay error " +
                $"({mediaType ?? "no content type"}, {content.Length} bytes).";
        }
        else
        {
            var kind = string.Join(", ", new[] { error.Type, error.Code }.Where(s => !string.IsNullOrEmpty(s)));
            message = $"WooshPay {method} {path} failed with HTTP {status}{(kind.Length > 0 ? $" ({kind})" : "")}: " +
                $"{gatewayMessage ?? "no message"}";
            if (!string.IsNullOrEmpty(error.Param))
                message += $" [param {error.Param}]";
        }

        if (requestId is not null && status != 401)
            message += $" (Request-Id {requestId})";

        return new WooshPayException(message)
        {
            HttpStatus = status,
            ErrorType = error?.Type,
            Code = error?.Code,
            Param = error?.Param,
            GatewayMessage = gatewayMessage,
            RequestId = requestId,
            RetryAfter = retryAfter,
            IsTransient = transient,
        };
    }

    private static WooshPayError? TryReadError(byte[] content)
    {
        if (content.Length == 0)
            return null;

        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;

            if (root.TryGetProperty("error", out var inner))
            {
                if (inner.ValueKind == JsonValueKind.Object)
                    return inner.Deserialize(Json.WooshPayError);
                if (inner.ValueKind == JsonValueKind.String)
                    return new WooshPayError { Message = inner.GetString() };
            }

            // Not every gateway error is wrapped; accept a bare error object too.
            if (root.TryGetProperty("message", out _) || root.TryGetProperty("code", out _)
                || root.TryGetProperty("type", out _))
                return root.Deserialize(Json.WooshPayError);

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Redact(string? text, WooshPayAccount account)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        return text.Contains(account.SecretKey, StringComparison.Ordinal)
            ? text.Replace(account.SecretKey, account.MaskedSecretKey, StringComparison.Ordinal)
            : text;
    }

    private static string PathId(string id, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(id))
            throw new ArgumentException("A WooshPay object id is required.", parameterName);
        return Uri.EscapeDataString(id);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning,
        Message =
            "WooshPay {Method} {Path} failed with HTTP {StatusCode} ({ErrorType}/{ErrorCode}, Request-Id {RequestId})")]
    private static partial void LogFailed(ILogger logger, string method, string path, int statusCode, string? errorType,
        string? errorCode, string? requestId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning,
        Message = "WooshPay {Method} {Path} got no answer: {Failure}")]
    private static partial void LogNoAnswer(ILogger logger, string method, string path, string failure,
        Exception exception);
}
