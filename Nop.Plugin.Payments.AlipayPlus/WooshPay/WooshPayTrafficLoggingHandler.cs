#nullable enable
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// Logs each attempt (inside the retry loop, so retries show up). Only method, path, status,
/// duration and ids: headers carry the key and bodies carry client secrets, so neither is logged.
/// </summary>
internal sealed partial class WooshPayTrafficLoggingHandler : DelegatingHandler
{
    /// <summary>Set on a request whose account asked for its traffic
    /// to be logged (one HttpClient serves every account).</summary>
    internal static readonly HttpRequestOptionsKey<bool> Enabled = new("WooshPay.LogTraffic");

    private readonly ILogger<WooshPayTrafficLoggingHandler> _logger;
    private readonly bool _logEverything;

    public WooshPayTrafficLoggingHandler(ILogger<WooshPayTrafficLoggingHandler> logger, bool logEverything)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _logEverything = logEverything;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        if (!_logEverything && !(request.Options.TryGetValue(Enabled, out var enabled) && enabled))
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        var started = Stopwatch.GetTimestamp();
        var path = request.RequestUri?.AbsolutePath ?? "";
        var idempotencyKey = request.Headers.TryGetValues(WooshPayHeaders.IdempotencyKey, out var keys)
            ? keys.FirstOrDefault()
            : null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            LogAnswered(_logger, request.Method.Method, path, (int)response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, WooshPayClient.ReadRequestId(response),
                idempotencyKey);
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            LogFailed(_logger, request.Method.Method, path, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                ex.GetType().Name, idempotencyKey);
            throw;
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information,
        Message = "WooshPay {Method} {Path} answered {StatusCode} in {ElapsedMs:0} ms (Request-Id {RequestId}, " +
            "Idempotency-Key {IdempotencyKey})")]
    private static partial void LogAnswered(ILogger logger, string method, string path, int statusCode,
        double elapsedMs, string? requestId, string? idempotencyKey);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information,
        Message = "WooshPay {Method} {Path} got no answer after {ElapsedMs:0} ms: {Failure} (Idempotency-Key " +
            "{IdempotencyKey})")]
    private static partial void LogFailed(ILogger logger, string method, string path, double elapsedMs, string failure,
        string? idempotencyKey);
}
