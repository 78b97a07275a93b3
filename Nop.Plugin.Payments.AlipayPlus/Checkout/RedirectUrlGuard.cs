using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// The shopper is sent wherever WooshPay's answer says. In live mode that must be an absolute https URL:
/// anything else (plain http, a script: or data: link, a relative path) would hand a real payment page to a
/// network attacker or a tampered answer. Test mode stays lenient, since the local sandbox serves plain http.
/// </summary>
public static class RedirectUrlGuard
{
    public static void EnsureSafe(WooshPayAccount account, bool livemode, string redirectUrl, string objectId)
    {
        if (string.IsNullOrEmpty(redirectUrl) || !(livemode || account.IsLiveKey || !account.UseTestEnvironment))
            return;

        if (!Uri.TryCreate(redirectUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new WooshPayException($"WooshPay's payment page for {objectId} is not an https address; in live " +
                "mode the shopper is not sent there.");

        // A real payment page is WooshPay's or Alipay+'s; a tampered answer must not send shoppers anywhere else.
        if (!IsPaymentPageHost(uri.Host))
            throw new WooshPayException($"WooshPay's payment page for {objectId} is on {uri.Host}, not a WooshPay or " +
                "Alipay+ host; in live mode the shopper is not sent there.");
    }

    public static bool IsPaymentPageHost(string host)
    {
        return AlipayPlusDefaults.LivePaymentPageDomains.Any(domain =>
            string.Equals(host, domain, StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase));
    }
}
