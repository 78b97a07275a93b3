using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus;

public static class AlipayPlusSettingsExtensions
{
    public static bool IsConfigured(this AlipayPlusSettings settings)
    {
        return !string.IsNullOrWhiteSpace(settings?.SecretKey);
    }

    public static WooshPayAccount ToWooshPayAccount(this AlipayPlusSettings settings)
    {
        if (!settings.IsConfigured())
            throw new InvalidOperationException("Alipay+ is not configured: the WooshPay secret key is missing.");

        return new WooshPayAccount(settings.SecretKey.Trim(), settings.UseTestEnvironment,
            string.IsNullOrWhiteSpace(settings.ApiBaseUrl) ? null : settings.ApiBaseUrl.Trim(),
            settings.LogGatewayTraffic);
    }

    /// <summary>The terminal type sent with every attempt; WEB, the only
    /// one WooshPay documents, unless the shop chose another.</summary>
    public static string TerminalTypeOrDefault(this AlipayPlusSettings settings)
    {
        return string.IsNullOrWhiteSpace(settings.TerminalType)
            ? AlipayPlusValues.TerminalTypeWeb
            : settings.TerminalType.Trim();
    }

    public static TimeSpan WebhookTolerance(this AlipayPlusSettings settings)
    {
        return TimeSpan.FromSeconds(settings.WebhookToleranceSeconds > 0 ? settings.WebhookToleranceSeconds : 300);
    }
}
