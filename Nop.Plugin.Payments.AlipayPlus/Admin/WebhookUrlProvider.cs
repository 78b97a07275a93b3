using Nop.Core;
using Nop.Services.Stores;

namespace Nop.Plugin.Payments.AlipayPlus.Admin;

public class WebhookUrlProvider : IWebhookUrlProvider
{
    private readonly IStoreContext _storeContext;
    private readonly IStoreService _storeService;

    public WebhookUrlProvider(IStoreContext storeContext, IStoreService storeService)
    {
        _storeContext = storeContext;
        _storeService = storeService;
    }

    public async Task<string> GetWebhookUrlAsync(int storeId)
    {
        var store = storeId > 0
            ? await _storeService.GetStoreByIdAsync(storeId)
            : await _storeContext.GetCurrentStoreAsync();
        var baseUrl = store?.Url ?? string.Empty;
        if (!baseUrl.EndsWith('/'))
            baseUrl += "/";

        return baseUrl + AlipayPlusDefaults.Route.WebhookPath + storeId;
    }
}
