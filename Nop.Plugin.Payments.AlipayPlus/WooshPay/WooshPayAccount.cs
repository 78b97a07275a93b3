#nullable enable
using System.Net.Http.Headers;
using System.Text;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// One merchant account's WooshPay credentials. The client is shared by every account, so each call carries
/// the account it acts for instead of the HttpClient holding a key.
/// </summary>
public sealed class WooshPayAccount
{
    public const string TestBaseUrl = "https://apitest.wooshpay.com/";
    public const string LiveBaseUrl = "https://api.wooshpay.com/";

    private const string TestKeyPrefix = "sk_test_";
    private const string LiveKeyPrefix = "sk_live_";

    // Built once: an account is reused for every call of a request and the value never changes.
    private readonly string _basicCredentials;

    public WooshPayAccount(string secretKey, bool useTestEnvironment, string? baseUrlOverride = null,
        bool logTraffic = false)
    {
        LogTraffic = logTraffic;
        if (string.IsNullOrWhiteSpace(secretKey))
            throw new ArgumentException("A WooshPay secret key is required.", nameof(secretKey));

        // Keys are pasted from the dashboard; a stray space or line break would only show up as a 401.
        SecretKey = secretKey.Trim();
        UseTestEnvironment = useTestEnvironment;
        // Another host is for a sandbox or a test proxy only: a live key goes to WooshPay's live host and nowhere else,
        // so a changed setting (or a hijacked admin session) cannot send it to a host of someone's choosing.
        var requested = string.IsNullOrWhiteSpace(baseUrlOverride) ? null : baseUrlOverride.Trim();
        BaseUrlOverrideIgnored = requested is not null && !AllowsBaseUrlOverride(SecretKey, useTestEnvironment);
        BaseUrlOverride = BaseUrlOverrideIgnored ? null : requested;
        BaseAddress = BaseUrlOverride is null
            ? new Uri(useTestEnvironment ? TestBaseUrl : LiveBaseUrl)
            : ParseOverride(BaseUrlOverride);
        _basicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretKey + ":"));
    }

    public string SecretKey { get; }

    /// <summary>Whether this account's requests are written to the traffic
    /// log (method, path, status, duration; never keys or bodies).</summary>
    public bool LogTraffic { get; }

    public bool UseTestEnvironment { get; }

    /// <summary>Another host (a local sandbox, a proxy); null means the WooshPay host of the mode.</summary>
    public string? BaseUrlOverride { get; }

    /// <summary>An override was asked for but not applied: it is
    /// honoured only in the test environment with a test key.</summary>
    public bool BaseUrlOverrideIgnored { get; }

    /// <summary>Whether another host than WooshPay's may be used with
    /// this key and mode: test environment and test key only.</summary>
    public static bool AllowsBaseUrlOverride(string key, bool useTestEnvironment) =>
        useTestEnvironment && (key?.Trim() ?? "").StartsWith(TestKeyPrefix, StringComparison.Ordinal);

    /// <summary>Always ends with '/', so relative paths such as
    /// "v1/refunds" keep any path prefix of an override.</summary>
    public Uri BaseAddress { get; }

    public bool IsLiveKey => SecretKey.StartsWith(LiveKeyPrefix, StringComparison.Ordinal);

    public bool IsTestKey => SecretKey.StartsWith(TestKeyPrefix, StringComparison.Ordinal);

    /// <summary>
    /// False when the key belongs to the other mode than the chosen environment: WooshPay answers
    /// such calls with 401, and saying so in the settings page beats a puzzling error at checkout.
    /// </summary>
    public bool KeyMatchesEnvironment => KeyMatches(SecretKey, UseTestEnvironment);

    /// <summary>Whether a pasted value is a WooshPay secret key (test or live) at all.</summary>
    public static bool IsSecretKey(string key)
    {
        var trimmed = key?.Trim() ?? "";
        return trimmed.StartsWith(TestKeyPrefix, StringComparison.Ordinal)
            || trimmed.StartsWith(LiveKeyPrefix, StringComparison.Ordinal);
    }

    /// <summary>The rule behind <see cref="KeyMatchesEnvironment"/>, for a key not yet made into an account.</summary>
    public static bool KeyMatches(string key, bool useTestEnvironment)
    {
        var trimmed = key?.Trim() ?? "";
        return useTestEnvironment
            ? !trimmed.StartsWith(LiveKeyPrefix, StringComparison.Ordinal)
            : !trimmed.StartsWith(TestKeyPrefix, StringComparison.Ordinal);
    }

    /// <summary>The key with everything but its prefix and last four characters hidden.</summary>
    public string MaskedSecretKey => Mask(SecretKey);

    internal AuthenticationHeaderValue CreateAuthorizationHeader() => new("Basic", _basicCredentials);

    public override string ToString()
    {
        var mode = UseTestEnvironment ? "test" : "live";
        return BaseUrlOverride is null
            ? $"{MaskedSecretKey} ({mode})"
            : $"{MaskedSecretKey} ({mode}, {BaseAddress})";
    }

    /// <summary>Enough of a key to recognise it, never enough to use it.</summary>
    public static string Mask(string key)
    {
        if (string.IsNullOrEmpty(key))
            return "(none)";

        var prefix = "";
        foreach (var candidate in new[] { TestKeyPrefix, LiveKeyPrefix, "rk_test_", "rk_live_" })
        {
            if (key.StartsWith(candidate, StringComparison.Ordinal))
            {
                prefix = candidate;
                break;
            }
        }

        // Showing four characters of a short key would give away too large a share of it.
        var secretPart = key.Length - prefix.Length;
        return secretPart >= 16 ? $"{prefix}…{key[^4..]}" : $"{prefix}…";
    }

    /// <summary>
    /// Reads a base URL override as the constructor does; a settings form checks with this what checkout would refuse.
    /// </summary>
    public static bool TryParseBaseUrl(string? value, out Uri? baseAddress, out string? problem)
    {
        baseAddress = null;
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            problem = "The WooshPay base URL override must be an absolute http(s) URL.";
        // The key travels in the Authorization header only; credentials in the URL would end up in logs.
        else if (!string.IsNullOrEmpty(uri.UserInfo))
            problem = "The WooshPay base URL override must not contain credentials.";
        else if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            problem = "The WooshPay base URL override must not contain a query or fragment.";
        else
        {
            problem = null;
            baseAddress = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        }

        return problem is null;
    }

    private static Uri ParseOverride(string value) =>
        TryParseBaseUrl(value, out var baseAddress, out var problem)
            ? baseAddress!
            : throw new ArgumentException(problem, nameof(value));
}
