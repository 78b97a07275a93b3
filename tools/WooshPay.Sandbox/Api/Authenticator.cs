using System.Text;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Api;

/// <summary>
/// HTTP Basic with the secret key as user name and an empty password, as WooshPay documents;
/// Bearer is accepted too. The key's prefix decides test or live mode.
/// </summary>
public sealed class Authenticator
{
    private readonly SandboxOptions _options;

    public Authenticator(SandboxOptions options) => _options = options;

    public Account Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
            throw Unauthorized("api_key_missing",
                "You did not provide an API key. Use HTTP Basic auth with your secret key as the user name and an " +
                "empty password.");

        var key = ExtractKey(header);
        if (key is null)
            throw Unauthorized("api_key_invalid",
                "Malformed Authorization header: expected Basic base64(\"sk_...:\") or Bearer sk_....");

        if (key.StartsWith("pk_", StringComparison.Ordinal))
            throw new ApiException(403, "invalid_request_error", "secret_key_required",
                "This call needs a secret key (sk_...); a publishable key may not use it.");

        var listed = _options.SecretKeys.Contains(key, StringComparer.Ordinal);
        if (key.StartsWith("sk_test_", StringComparison.Ordinal) && key.Length > 8
            && (_options.SecretKeys.Count == 0 || listed))
            return new Account(key, Livemode: false);
        if (key.StartsWith("sk_live_", StringComparison.Ordinal) && key.Length > 8 && listed)
            return new Account(key, Livemode: true);

        throw Unauthorized("api_key_invalid", $"Invalid API Key provided: {Mask(key)}");
    }

    private static string? ExtractKey(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header[7..].Trim();
            return token.Length > 0 ? token : null;
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':');
            var user = colon < 0 ? decoded : decoded[..colon];
            return user.Length > 0 ? user : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Mask(string key) =>
        key.Length <= 12 ? new string('*', key.Length) : key[..8] + new string('*', key.Length - 12) + key[^4..];

    private static ApiException Unauthorized(string code, string message) =>
        new(401, "invalid_request_error", code, message)
        {
            Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"WooshPay Sandbox\"" },
        };
}
