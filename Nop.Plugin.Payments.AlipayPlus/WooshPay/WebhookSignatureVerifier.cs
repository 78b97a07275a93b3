#nullable enable
using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// Checks the Wooshpay-Signature header, "t=&lt;unix seconds&gt;,v1=&lt;hex&gt;[,v1=...]", where
/// v1 = hex(HMAC-SHA256(secret, t + "." + raw body)). It runs on every webhook, so it hashes the
/// raw bytes in place (no string of the body, no copy) and keeps the rest on the stack.
/// <see cref="ConstructEvent(ReadOnlySpan{byte}, string?, string?, TimeSpan)"/> verifies and parses in one call;
/// <see cref="GenerateSignatureHeader"/> signs a body as WooshPay does, for tests.
/// </summary>
public sealed class WebhookSignatureVerifier
{
    public const string HeaderName = WooshPayHeaders.Signature;

    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const int HashSize = 32;
    private const int HexSignatureLength = HashSize * 2;

    // More v1 values than this only happen in an attack; WooshPay sends one, two while rolling a secret.
    private const int MaxSignatures = 8;

    // Seconds up to the year 9999, which keeps the arithmetic below far from overflow.
    private const long MaxTimestamp = 253_402_300_799;
    private const int MaxTimestampDigits = 12;
    private const int StackKeyBytes = 256;

    private readonly TimeProvider _timeProvider;

    public WebhookSignatureVerifier()
        : this(TimeProvider.System)
    {
    }

    public WebhookSignatureVerifier(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>
    /// Verifies the signature over the raw bytes and, only when it holds, reads them into a
    /// <see cref="WebhookEvent"/>: bytes nobody signed are never parsed.
    /// </summary>
    public WebhookEventResult ConstructEvent(ReadOnlySpan<byte> rawBody, string? signatureHeader,
        string? endpointSecret) =>
        ConstructEvent(rawBody, signatureHeader, endpointSecret, DefaultTolerance);

    /// <inheritdoc cref="ConstructEvent(ReadOnlySpan{byte}, string?, string?)"/>
    public WebhookEventResult ConstructEvent(ReadOnlySpan<byte> rawBody, string? signatureHeader,
        string? endpointSecret, TimeSpan tolerance)
    {
        var signature = Verify(rawBody, signatureHeader, endpointSecret, tolerance);
        if (!signature.IsValid)
            return WebhookEventResult.SignatureRejected(signature);

        try
        {
            return WebhookEventResult.Constructed(signature, WebhookEventParser.Parse(rawBody));
        }
        catch (WebhookEventFormatException exception)
        {
            return WebhookEventResult.Malformed(signature, exception.Message);
        }
    }

    /// <summary>
    /// The Wooshpay-Signature header WooshPay would send with <paramref name="rawBody"/> signed at
    /// <paramref name="timestamp"/> (Unix seconds): "t=&lt;timestamp&gt;,v1=&lt;lowercase hex&gt;". For tests
    /// and tools that play WooshPay; a shop never signs a webhook.
    /// </summary>
    public static string GenerateSignatureHeader(ReadOnlySpan<byte> rawBody, string secret, long timestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timestamp, MaxTimestamp);

        var timestampText = timestamp.ToString(CultureInfo.InvariantCulture);
        Span<byte> signature = stackalloc byte[HashSize];
        ComputeSignature(secret, timestampText, rawBody, signature);
        return $"t={timestampText},v1={Convert.ToHexStringLower(signature)}";
    }

    public WebhookSignatureResult Verify(ReadOnlySpan<byte> rawBody, string? signatureHeader,
        string? endpointSecret) =>
        Verify(rawBody, signatureHeader, endpointSecret, DefaultTolerance);

    public WebhookSignatureResult Verify(ReadOnlySpan<byte> rawBody, string? signatureHeader,
        string? endpointSecret, TimeSpan tolerance)
    {
        if (tolerance < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance,
                "The tolerance must not be negative.");
        }
        if (string.IsNullOrEmpty(endpointSecret))
            return WebhookSignatureResult.MissingSecret();
        if (string.IsNullOrWhiteSpace(signatureHeader))
            return WebhookSignatureResult.MissingHeader();

        Span<byte> signatures = stackalloc byte[MaxSignatures * HashSize];
        var parsed = ParseHeader(signatureHeader, signatures, out var timestampText, out var signatureCount);
        if (parsed is not null)
            return parsed;

        if (timestampText.Length > MaxTimestampDigits
            || !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture,
                out var timestamp)
            || timestamp > MaxTimestamp)
        {
            return WebhookSignatureResult.Malformed($"The {HeaderName} timestamp is not a Unix time in seconds.");
        }

        Span<byte> expected = stackalloc byte[HashSize];
        ComputeSignature(endpointSecret, timestampText, rawBody, expected);

        // Compare against every candidate without stopping early, so timing does not tell which matched.
        var matched = false;
        for (var i = 0; i < signatureCount; i++)
        {
            matched |= CryptographicOperations.FixedTimeEquals(expected,
                signatures.Slice(i * HashSize, HashSize));
        }

        CryptographicOperations.ZeroMemory(expected);

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (!matched)
        {
            return WebhookSignatureResult.Rejected(WebhookSignatureFailure.BadSignature,
                "No v1 signature matches: the secret is wrong (test and live endpoints have different secrets) "
                + "or the body was changed after signing.",
                signedAt);
        }

        // Checked after the signature: only an authentic t says anything about replay or clocks.
        var age = _timeProvider.GetUtcNow().ToUnixTimeSeconds() - timestamp;
        var toleranceSeconds = (long)Math.Floor(tolerance.TotalSeconds);
        if (age > toleranceSeconds)
        {
            return WebhookSignatureResult.Rejected(WebhookSignatureFailure.StaleTimestamp,
                $"The signature is {age} s old, more than the {toleranceSeconds} s tolerance: "
                + "a replay, or a late redelivery.",
                signedAt);
        }

        if (-age > toleranceSeconds)
        {
            return WebhookSignatureResult.Rejected(WebhookSignatureFailure.FutureTimestamp,
                $"The signature is dated {-age} s in the future, more than the {toleranceSeconds} s tolerance: "
                + "check the server clock.",
                signedAt);
        }

        return WebhookSignatureResult.Valid(signedAt);
    }

    /// <returns>null when the header holds one t and at least one well-formed v1; otherwise the rejection.</returns>
    private static WebhookSignatureResult? ParseHeader(ReadOnlySpan<char> header, Span<byte> signatures,
        out ReadOnlySpan<char> timestampText, out int signatureCount)
    {
        timestampText = default;
        signatureCount = 0;
        var sawTimestamp = false;
        var sawV1 = false;

        while (!header.IsEmpty)
        {
            var comma = header.IndexOf(',');
            var item = (comma < 0 ? header : header[..comma]).Trim();
            header = comma < 0 ? default : header[(comma + 1)..];

            var equals = item.IndexOf('=');
            if (equals <= 0)
                continue;

            var key = item[..equals].Trim();
            var value = item[(equals + 1)..].Trim();
            if (key.SequenceEqual("t"))
            {
                // Two timestamps make it ambiguous which one was signed.
                if (sawTimestamp)
                    return WebhookSignatureResult.Malformed($"The {HeaderName} header has more than one t=.");
                sawTimestamp = true;
                timestampText = value;
            }
            else if (key.SequenceEqual("v1"))
            {
                sawV1 = true;
                if (signatureCount < MaxSignatures
                    && value.Length == HexSignatureLength
                    && Convert.FromHexString(value, signatures.Slice(signatureCount * HashSize, HashSize),
                        out _, out var written) == OperationStatus.Done
                    && written == HashSize)
                {
                    signatureCount++;
                }
            }

            // Other schemes (v0 and whatever comes later) are not ours to check.
        }

        if (!sawTimestamp || timestampText.IsEmpty)
            return WebhookSignatureResult.Malformed($"The {HeaderName} header has no t= timestamp.");
        if (!sawV1)
            return WebhookSignatureResult.Malformed($"The {HeaderName} header has no v1= signature.");
        if (signatureCount == 0)
        {
            return WebhookSignatureResult.Malformed(
                $"No v1= signature in the {HeaderName} header is {HexSignatureLength} hex digits.");
        }

        return null;
    }

    private static void ComputeSignature(string secret, ReadOnlySpan<char> timestampText, ReadOnlySpan<byte> rawBody,
        Span<byte> destination)
    {
        var keyBytes = Encoding.UTF8.GetByteCount(secret);
        byte[]? rented = null;
        var keyBuffer = keyBytes <= StackKeyBytes
            ? stackalloc byte[StackKeyBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(keyBytes));
        var keyLength = Encoding.UTF8.GetBytes(secret, keyBuffer);
        try
        {
            // The timestamp is hashed exactly as it appeared in the header, digits plus '.'.
            Span<byte> prefix = stackalloc byte[MaxTimestampDigits + 1];
            for (var i = 0; i < timestampText.Length; i++)
                prefix[i] = (byte)timestampText[i];
            prefix[timestampText.Length] = (byte)'.';

            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, keyBuffer[..keyLength]);
            hmac.AppendData(prefix[..(timestampText.Length + 1)]);
            hmac.AppendData(rawBody);
            hmac.GetHashAndReset(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBuffer[..keyLength]);
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
