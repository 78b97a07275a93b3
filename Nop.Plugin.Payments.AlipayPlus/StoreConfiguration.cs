using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Configuration;

namespace Nop.Plugin.Payments.AlipayPlus;

/// <summary>
/// A store's Alipay+ settings and the WooshPay account they name: what every call to WooshPay for one store needs.
/// </summary>
public sealed class StoreConfiguration
{
    private WooshPayAccount _account;

    public StoreConfiguration(int storeId, AlipayPlusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        StoreId = storeId;
        Settings = settings;
    }

    /// <summary>The store asked for (0: the shared configuration every store without its own keys uses).</summary>
    public int StoreId { get; }

    public AlipayPlusSettings Settings { get; }

    /// <summary>False while the store has no WooshPay secret key; then <see cref="Account"/> throws.</summary>
    public bool IsConfigured => Settings.IsConfigured();

    public WooshPayAccount Account => _account ??= Settings.ToWooshPayAccount();
}

public static class StoreConfigurationExtensions
{
    /// <summary>
    /// The store's settings (nopCommerce's, falling back to the shared ones) and its WooshPay account.
    /// </summary>
    public static async Task<StoreConfiguration> ForStoreAsync(this ISettingService settingService, int storeId)
    {
        ArgumentNullException.ThrowIfNull(settingService);
        return new StoreConfiguration(storeId, await settingService.LoadSettingAsync<AlipayPlusSettings>(storeId));
    }
}
