using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Configuration;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

public class RefundSynchronizer : IRefundSynchronizer
{
    private readonly IWooshPayClient _client;
    private readonly IRefundUpdater _refundUpdater;
    private readonly ISettingService _settingService;

    public RefundSynchronizer(IWooshPayClient client, IRefundUpdater refundUpdater, ISettingService settingService)
    {
        _client = client;
        _refundUpdater = refundUpdater;
        _settingService = settingService;
    }

    public async Task<RefundOutcome> SyncAsync(int storeId, string refundId, string source, CancellationToken cancellationToken = default)
    {
        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(storeId);
        // Applied from what WooshPay says now, never from the event or record that prompted the look.
        var refund = await _client.GetRefundAsync(settings.ToWooshPayAccount(), refundId, cancellationToken);
        return await _refundUpdater.ApplyAsync(refund, source);
    }
}
