#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// Any failure talking to WooshPay: an error answer, a body we cannot read, a timeout or a broken
/// connection. Messages never contain the secret key or a webhook secret.
/// </summary>
public class WooshPayException : Exception
{
    public const string AuthenticationFailedMessage =
        "WooshPay rejected the secret key: it is wrong, revoked, or for the other mode (test/live).";

    public WooshPayException(string message)
        : base(message)
    {
    }

    public WooshPayException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status WooshPay answered with; 0 when no answer arrived (timeout, transport error).</summary>
    public int HttpStatus { get; init; }

    /// <summary>error.type: api_error, card_error, idempotency_error, invalid_request_error.</summary>
    public string? ErrorType { get; init; }

    public string? Code { get; init; }

    /// <summary>The request field the error is about, when WooshPay names one.</summary>
    public string? Param { get; init; }

    /// <summary>WooshPay's own wording of the error (secret key masked), without our prefix.</summary>
    public string? GatewayMessage { get; init; }

    /// <summary>The Request-Id response header: quote it to WooshPay support.</summary>
    public string? RequestId { get; init; }

    /// <summary>The Retry-After WooshPay asked for, when it did.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Worth trying again later with the same idempotency key: 429, 5xx, timeout, transport failure.</summary>
    public bool IsTransient { get; init; }

    public bool IsAuthenticationError => HttpStatus == 401;

    /// <summary>The idempotency key was reused with other parameters: a
    /// bug in how the key is derived, not a gateway hiccup.</summary>
    public bool IsIdempotencyError => string.Equals(ErrorType, "idempotency_error", StringComparison.Ordinal);
}
