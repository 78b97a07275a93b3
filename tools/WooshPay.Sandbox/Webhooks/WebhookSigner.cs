using System.Security.Cryptography;
using System.Text;

namespace WooshPay.Sandbox.Webhooks;

/// <summary>
/// <c>Wooshpay-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c> where v1 is the lowercase hex
/// HMAC-SHA256 of <c>t + "." + raw body</c> keyed with the endpoint secret.
/// </summary>
public static class WebhookSigner
{
    public const string HeaderName = "Wooshpay-Signature";

    public static string Sign(string secret, long timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes(
            timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message, prefix.Length);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return Convert.ToHexString(mac).ToLowerInvariant();
    }

    public static string Header(string secret, long timestamp, byte[] body) =>
        $"t={timestamp},v1={Sign(secret, timestamp, body)}";
}
