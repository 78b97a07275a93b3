using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// What a return URL's token vouches for: the bearer may see the payment state of this order of this store until
/// it expires. Written as <c>{orderId}.{storeId}.{expiry, Unix seconds}.{HMAC-SHA256, base64url}</c>: the shopper's
/// wallet may hand the return URL to a browser that never saw the store, so the URL itself must prove what it names.
/// </summary>
public sealed record ReturnToken(int OrderId, int StoreId, DateTimeOffset ExpiresOn)
{
    /// <summary>Far longer than any token this plugin writes; a longer one is refused before any work.</summary>
    public const int MaxLength = 128;

    /// <summary>The size of a store's secret: a full HMAC-SHA256 block of entropy.</summary>
    public const int SecretBytes = 32;

    // Binds a MAC to this use, so a secret reused elsewhere by mistake signs nothing this page accepts.
    private const string Purpose = "alipayplus-return-v1:";

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    public string Sign(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);

        var payload = Payload(OrderId, StoreId, ExpiresOn.ToUnixTimeSeconds());
        return payload + "." + Base64Url(Mac(secret, payload));
    }

    /// <summary>
    /// Reads a token signed with <paramref name="secret"/> and not expired at <paramref name="now"/>. Every way of
    /// failing answers the same null, so the caller cannot tell a stranger which part was wrong.
    /// </summary>
    public static ReturnToken Read(string token, byte[] secret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength || secret is null || secret.Length == 0)
            return null;

        var parts = token.Split('.');
        if (parts.Length != 4
            || !TryParseId(parts[0], out var orderId)
            || !TryParseId(parts[1], out var storeId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !TryDecodeBase64Url(parts[3], out var mac))
            return null;

        // The numbers are written back exactly as they were parsed, so "007" or "+7" never signs the same as "7".
        var payload = Payload(orderId, storeId, expires);
        if (!string.Equals(payload, string.Join('.', parts[0], parts[1], parts[2]), StringComparison.Ordinal))
            return null;

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(secret, payload)))
            return null;

        if (expires <= now.ToUnixTimeSeconds())
            return null;

        return new ReturnToken(orderId, storeId, DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    private static string Payload(int orderId, int storeId, long expires) =>
        string.Create(CultureInfo.InvariantCulture, $"{orderId}.{storeId}.{expires}");

    private static byte[] Mac(byte[] secret, string payload) =>
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(Purpose + payload));

    private static bool TryParseId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id >= 0;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeBase64Url(string text, out byte[] bytes)
    {
        bytes = null;
        // A SHA-256 MAC is 43 characters unpadded; anything else is not one of ours.
        if (text.Length != 43 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            return false;

        var base64 = text.Replace('-', '+').Replace('_', '/') + "=";
        bytes = Convert.FromBase64String(base64);
        return true;
    }
}
