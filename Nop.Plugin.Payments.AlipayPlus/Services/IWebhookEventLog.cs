namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// The table of webhook events whose effects are committed; its unique event id decides "already done".
/// </summary>
public interface IWebhookEventLog
{
    Task<bool> IsProcessedAsync(string eventId);

    /// <summary>Records the event once its effects are committed; a concurrent duplicate is not an error.</summary>
    Task MarkProcessedAsync(string eventId, string eventType, int storeId);
}
