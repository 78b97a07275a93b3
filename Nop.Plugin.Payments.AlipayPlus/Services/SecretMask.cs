namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// Shows enough of a key to recognise it and never enough to use it.
/// </summary>
public static class SecretMask
{
    public static string Mask(string secret)
    {
        if (string.IsNullOrEmpty(secret))
            return string.Empty;

        var prefixLength = secret.StartsWith("sk_live_", StringComparison.Ordinal) || secret.StartsWith("sk_test_", StringComparison.Ordinal) ? 8 : 0;
        var tail = secret.Length - prefixLength > 8 ? secret[^4..] : string.Empty;
        return $"{secret[..prefixLength]}••••••••{tail}";
    }
}
