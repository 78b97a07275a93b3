using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;
using Nop.Services.Logging;
using Nop.Services.Stores;

namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

public class WebhookProcessor : IWebhookProcessor
{
    private readonly ClaimStore _claims;
    private readonly IEnumerable<IWebhookEventHandler> _handlers;
    private readonly WebhookRejectionLog _rejectionLog;
    private readonly ILogger _logger;
    private readonly ISettingService _settingService;
    private readonly IStoreService _storeService;
    private readonly WebhookSignatureVerifier _verifier;

    public WebhookProcessor(ClaimStore claims,
        IEnumerable<IWebhookEventHandler> handlers,
        ILogger logger,
        ISettingService settingService,
        IStoreService storeService,
        WebhookSignatureVerifier verifier,
        WebhookRejectionLog rejectionLog)
    {
        _rejectionLog = rejectionLog;
        _claims = claims;
        _handlers = handlers;
        _logger = logger;
        _settingService = settingService;
        _storeService = storeService;
        _verifier = verifier;
    }

    public async Task<WebhookResult> ProcessAsync(int storeId, byte[] rawBody, string signatureHeader,
        CancellationToken cancellationToken = default)
    {
        // Store 0 is the shared configuration (its webhook URL ends in /0). nopCommerce falls back to it for a store id
        // it does not know; a webhook must not.
        if (storeId < 0 || storeId > 0 && await _storeService.GetStoreByIdAsync(storeId) is null)
            return await RejectAsync(storeId, "there is no such store");

        var store = await _settingService.ForStoreAsync(storeId);
        if (!store.IsConfigured || string.IsNullOrEmpty(store.Settings.WebhookSecret))
            return await RejectAsync(storeId, "this store has no registered WooshPay webhook secret");

        var constructed = _verifier.ConstructEvent(rawBody, signatureHeader, store.Settings.WebhookSecret,
            store.Settings.WebhookTolerance());
        if (!constructed.IsValid)
            return await RejectAsync(storeId, constructed.Reason);

        var webhookEvent = constructed.Event;
        if (webhookEvent.Livemode != store.Account.IsLiveKey)
        {
            var (eventMode, storeMode) = webhookEvent.Livemode ? ("live", "test") : ("test", "live");
            return await RejectAsync(storeId,
                $"event {webhookEvent.Id} is {eventMode} but the store uses a {storeMode} key");
        }

        var handler = _handlers.FirstOrDefault(candidate => candidate.CanHandle(webhookEvent.Type));
        if (handler is null)
            return WebhookResult.Handled($"event type {webhookEvent.Type} is not used by this plugin");

        // One insert claims the event for this store: a duplicate delivery, on this server or another, finds it
        // processed or in progress. Another store's delivery of the same event is its own.
        var claim = await _claims.TryClaimAsync(ClaimKeys.WebhookEvent(storeId, webhookEvent.Id), 0, 0);
        switch (claim.State)
        {
            case ClaimState.Completed:
                return WebhookResult.Handled($"event {webhookEvent.Id} was already processed");
            case ClaimState.Held:
                return WebhookResult.RetryLater($"event {webhookEvent.Id} is being processed by another request");
        }

        WebhookResult result = null;
        try
        {
            result = await HandleClaimedAsync(store, handler, webhookEvent, cancellationToken);
            return result;
        }
        finally
        {
            // Completed only once its effects are committed; otherwise given back, so WooshPay's next delivery runs it
            // again (its effects are claimed one by one, so a repeat finishes what was cut short and doubles nothing).
            // A process that dies here leaves the claim to be taken over after its lease.
            if (result?.StatusCode is >= 200 and < 300)
                await _claims.CompleteAsync(claim.Claim);
            else
                await _claims.ReleaseAsync(claim.Claim);
        }
    }

    private async Task<WebhookResult> HandleClaimedAsync(StoreConfiguration store, IWebhookEventHandler handler,
        WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        WebhookResult result;
        try
        {
            result = await handler.HandleAsync(store, webhookEvent, cancellationToken);
        }
        catch (OrderBusyException exception)
        {
            return WebhookResult.RetryLater(exception.Message);
        }
        catch (WebhookEventFormatException exception)
        {
            // A signed event whose data.object cannot be read will not read better on redelivery: refuse it
            // like a malformed body (warning, 400) instead of logging a server error on every retry.
            return await RejectAsync(store.StoreId,
                $"event {webhookEvent.Id} ({webhookEvent.Type}) cannot be read: {exception.Message}");
        }
        catch (WooshPayException exception) when (exception.IsTransient || exception.IsAuthenticationError)
        {
            await _logger.WarningAsync($"Alipay+ webhook {webhookEvent.Id}: WooshPay could not be asked for the "
                + $"current state; WooshPay will deliver it again. {exception.Message}");
            return WebhookResult.RetryLater("WooshPay is unavailable; retry later");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not marked processed: WooshPay's next delivery tries again. A settlement cut short after the order was
            // marked paid is safe to repeat: the next one finds the order paid and does not mark it again.
            await _logger.ErrorAsync(
                $"Alipay+ webhook {webhookEvent.Id} ({webhookEvent.Type}) failed: {exception.Message}", exception);
            return new WebhookResult(500, "the event could not be processed; retry later");
        }

        return result;
    }

    private async Task<WebhookResult> RejectAsync(int storeId, string reason)
    {
        // The reason stays in the log and the result; the caller is answered the same 400 whatever it was.
        if (_rejectionLog.ShouldLog(storeId, out var leftOut))
        {
            var more = leftOut > 0
                ? $" {leftOut} more deliveries for this store were refused in the last minute without a log line."
                : "";
            await _logger.WarningAsync(
                $"Alipay+ webhook refused for store {storeId}: {reason}. Nothing was changed.{more}");
        }

        return WebhookResult.Rejected(reason);
    }
}
