using System.Net;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;
using Nop.Services.Logging;
using Nop.Services.Stores;

namespace Nop.Plugin.Payments.AlipayPlus.Admin;

public class WebhookRegistrar : IWebhookRegistrar
{
    // Enough pages for any real account; the listing is only to find this store's own URL.
    private const int MaxPages = 20;

    private readonly IWooshPayClient _client;
    private readonly ILogger _logger;
    private readonly ISettingService _settingService;
    private readonly IStoreService _storeService;
    private readonly TimeProvider _timeProvider;
    private readonly IWebhookUrlProvider _webhookUrlProvider;

    public WebhookRegistrar(IWooshPayClient client, ILogger logger, ISettingService settingService,
        IStoreService storeService, TimeProvider timeProvider, IWebhookUrlProvider webhookUrlProvider)
    {
        _timeProvider = timeProvider;
        _client = client;
        _logger = logger;
        _settingService = settingService;
        _storeService = storeService;
        _webhookUrlProvider = webhookUrlProvider;
    }

    public async Task<WebhookRegistration> RegisterAsync(int storeScope, CancellationToken cancellationToken = default)
    {
        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(storeScope);
        var url = await _webhookUrlProvider.GetWebhookUrlAsync(storeScope);
        var warnings = WarningsFor(url);
        if (!settings.IsConfigured())
            return Failed(url, "Save a secret key before registering the webhook.", warnings);

        try
        {
            return await RegisterAtGatewayAsync(settings, storeScope, url, warnings, cancellationToken);
        }
        catch (WooshPayException exception)
        {
            return Failed(url, $"WooshPay refused the webhook registration: {exception.Message}", warnings);
        }
    }

    public async Task<IReadOnlyList<WebhookRemoval>> UnregisterAllAsync(CancellationToken cancellationToken = default)
    {
        var removals = new List<WebhookRemoval>();
        var seen = new HashSet<(string, string)>();
        var scopes = new List<int> { 0 };
        scopes.AddRange((await _storeService.GetAllStoresAsync()).Select(store => store.Id));
        foreach (var storeScope in scopes)
        {
            // A store without settings of its own loads the shared ones: each endpoint is deleted once.
            var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(storeScope);
            if (string.IsNullOrEmpty(settings.WebhookEndpointId)
                || !seen.Add((settings.SecretKey ?? string.Empty, settings.WebhookEndpointId)))
                continue;

            var removal = await UnregisterAsync(storeScope, settings, cancellationToken);
            removals.Add(removal);
            if (removal.Deleted)
                await _logger.InformationAsync($"Alipay+ uninstall: {removal.Message}");
            else
                await _logger.WarningAsync($"Alipay+ uninstall: {removal.Message}");
        }

        return removals;
    }

    private async Task<WebhookRemoval> UnregisterAsync(int storeScope, AlipayPlusSettings settings,
        CancellationToken cancellationToken)
    {
        var endpointId = settings.WebhookEndpointId;
        var where = storeScope == 0 ? "the shared configuration" : $"store {storeScope}";
        var left = $"Delete webhook endpoint {endpointId} ({where}) in WooshPay's dashboard: it keeps sending this " +
            "shop events it now refuses.";
        if (!settings.IsConfigured())
            return new WebhookRemoval(storeScope, endpointId, false,
                $"no secret key is stored to delete it with. {left}");

        try
        {
            await _client.DeleteWebhookEndpointAsync(settings.ToWooshPayAccount(), endpointId, cancellationToken);
            return new WebhookRemoval(storeScope, endpointId, true,
                $"webhook endpoint {endpointId} ({where}) deleted at WooshPay.");
        }
        catch (WooshPayException exception) when (exception.HttpStatus == 404)
        {
            return new WebhookRemoval(storeScope, endpointId, true,
                $"webhook endpoint {endpointId} ({where}) was already gone at WooshPay.");
        }
        catch (Exception exception) when (exception is WooshPayException or HttpRequestException
            or OperationCanceledException)
        {
            // An uninstall must not fail because WooshPay cannot be
            // reached: the endpoint is left, and the log says which.
            return new WebhookRemoval(storeScope, endpointId, false,
                $"WooshPay could not be asked to delete the endpoint ({exception.Message}). {left}");
        }
    }

    private async Task<WebhookRegistration> RegisterAtGatewayAsync(AlipayPlusSettings settings, int storeScope,
        string url, IReadOnlyList<string> warnings, CancellationToken cancellationToken)
    {
        var account = settings.ToWooshPayAccount();
        var (sameUrl, otherStores) = await FindEndpointsAsync(account, url, cancellationToken);

        // Stores sharing one WooshPay account each get every event: each store applies its own orders' and
        // acknowledges the rest, which is right, but the shop owner should know the deliveries are doubled.
        if (otherStores.Count > 0)
            warnings = warnings.Append("This WooshPay account also sends events to this plugin in another store " +
                $"({string.Join(", ", otherStores.Select(endpoint => endpoint.Url))}); every event is delivered to " +
                "each of them, and each store applies only its own orders.").ToList();

        var current = sameUrl.FirstOrDefault(endpoint => endpoint.Id == settings.WebhookEndpointId);
        if (current is not null && !string.IsNullOrEmpty(settings.WebhookSecret) && HandlesEveryEvent(current)
            && sameUrl.Count == 1)
            return new WebhookRegistration(true, url, current.Id, current.EnabledEvents,
                "The webhook is already registered.", warnings);

        // Endpoints for this URL whose secret the shop does not hold would deliver every event twice,
        // one copy unverifiable: replace them all with one endpoint whose secret is stored.
        foreach (var stale in sameUrl)
            await _client.DeleteWebhookEndpointAsync(account, stale.Id, cancellationToken);

        // The client's own retries of this click, and a double click within the minute, are one registration. A
        // registration made later is another, even when WooshPay lists nothing to replace: after an uninstall deleted
        // the endpoint, a key without the minute would have WooshPay replay the first registration's answer (it keeps
        // keys 24 hours), naming an endpoint that no longer exists.
        var minute = _timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmm",
            System.Globalization.CultureInfo.InvariantCulture);
        var idempotencyKey = $"{IdempotencyKeys.WebhookEndpoint(storeScope, url)}-" +
            $"{string.Join("-", sameUrl.Select(endpoint => endpoint.Id))}-{minute}";
        WebhookEndpoint created;
        var events = AlipayPlusDefaults.HandledWebhookEvents;
        try
        {
            created = await CreateEndpointAsync(account, storeScope, url, events, idempotencyKey, cancellationToken);
        }
        catch (WooshPayException exception) when (exception.HttpStatus == 400)
        {
            // The checkout.session.* events are not on WooshPay's documented list: a WooshPay that refuses them
            // still gets an endpoint for the documented ones (a new key, as the request differs).
            events = AlipayPlusDefaults.DocumentedWebhookEvents;
            created = await CreateEndpointAsync(account, storeScope, url, events, $"{idempotencyKey}-documented",
                cancellationToken);
            warnings = warnings.Append("WooshPay did not accept the events " +
                $"{string.Join(", ", AlipayPlusDefaults.UndocumentedWebhookEvents)} ({exception.Message}); " +
                "the endpoint was registered without them. Checkout Session payments are still confirmed by their " +
                "payment intent's events and by the reconciliation task.").ToList();
        }

        if (string.IsNullOrEmpty(created.Secret))
            return Failed(url, $"WooshPay created endpoint {created.Id} but returned no signing secret; delete it in " +
                "the dashboard and try again.", warnings);

        settings.WebhookEndpointId = created.Id;
        settings.WebhookSecret = created.Secret;
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.WebhookEndpointId, true,
            storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.WebhookSecret, true,
            storeScope, false);
        await _settingService.ClearCacheAsync();

        return new WebhookRegistration(true, url, created.Id, created.EnabledEvents ?? events,
            $"Webhook endpoint {created.Id} registered for {url}.", warnings);
    }

    private Task<WebhookEndpoint> CreateEndpointAsync(WooshPayAccount account, int storeScope, string url,
        IReadOnlyList<string> events, string idempotencyKey, CancellationToken cancellationToken)
    {
        return _client.CreateWebhookEndpointAsync(account, new WebhookEndpointCreateRequest
        {
            Url = url,
            EnabledEvents = events.ToList(),
            Description = $"nopCommerce Alipay+ plugin, store {storeScope}",
            ApiVersion = AlipayPlusDefaults.WebhookApiVersion
        }, idempotencyKey, cancellationToken);
    }

    private async Task<(List<WebhookEndpoint> SameUrl, List<WebhookEndpoint> OtherStores)> FindEndpointsAsync(
        WooshPayAccount account, string url, CancellationToken cancellationToken)
    {
        var found = new List<WebhookEndpoint>();
        var otherStores = new List<WebhookEndpoint>();
        string after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var list = await _client.ListWebhookEndpointsAsync(account,
                new ListOptions { Limit = ListOptions.MaxLimit, StartingAfter = after }, cancellationToken);
            var data = list.Data ?? new List<WebhookEndpoint>();
            found.AddRange(data.Where(endpoint =>
                string.Equals(endpoint.Url, url, StringComparison.OrdinalIgnoreCase)));
            otherStores.AddRange(data.Where(endpoint =>
                !string.Equals(endpoint.Url, url, StringComparison.OrdinalIgnoreCase)
                && endpoint.Url?.Contains(AlipayPlusDefaults.Route.WebhookPath, StringComparison.OrdinalIgnoreCase)
                    == true));
            if (!list.HasMore || data.Count == 0)
                break;
            after = data[^1].Id;
        }

        return (found, otherStores);
    }

    private static bool HandlesEveryEvent(WebhookEndpoint endpoint)
    {
        var enabled = endpoint.EnabledEvents ?? new List<string>();
        // The documented events are what an endpoint needs; the others may have been refused when it was made.
        return enabled.Contains("*") || AlipayPlusDefaults.DocumentedWebhookEvents.All(enabled.Contains);
    }

    /// <summary>
    /// WooshPay calls the URL from the internet: a local or plain-http address is silently never called.
    /// </summary>
    public static IReadOnlyList<string> WarningsFor(string url)
    {
        var warnings = new List<string>();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            warnings.Add($"The store URL '{url}' is not an absolute URL; set it in Configuration → Stores.");
            return warnings;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
            warnings.Add($"The webhook URL {url} is not HTTPS; WooshPay delivers webhooks to public HTTPS URLs only.");

        if (uri.IsLoopback || uri.Host.EndsWith(".local", StringComparison.OrdinalIgnoreCase)
            || IPAddress.TryParse(uri.Host, out var address) && IsPrivate(address))
            warnings.Add($"The webhook URL {url} points to a local address WooshPay cannot reach; payments will be " +
                "confirmed only when shoppers return or by the reconciliation task.");

        return warnings;
    }

    private static bool IsPrivate(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && (bytes[0] == 10 || bytes[0] == 127 || bytes[0] == 192 && bytes[1] == 168
                || bytes[0] == 172 && bytes[1] is >= 16 and <= 31);
    }

    private static WebhookRegistration Failed(string url, string message, IReadOnlyList<string> warnings)
    {
        return new WebhookRegistration(false, url, null, Array.Empty<string>(), message, warnings);
    }
}
