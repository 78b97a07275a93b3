using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

public class WebhookEventLog : IWebhookEventLog
{
    private readonly IRepository<AlipayPlusWebhookEvent> _repository;
    private readonly TimeProvider _timeProvider;

    public WebhookEventLog(IRepository<AlipayPlusWebhookEvent> repository, TimeProvider timeProvider)
    {
        _repository = repository;
        _timeProvider = timeProvider;
    }

    public async Task<bool> IsProcessedAsync(string eventId)
    {
        var found = await _repository.GetAllAsync(query => query.Where(processed => processed.EventId == eventId).Take(1));
        return found.Count > 0;
    }

    public async Task MarkProcessedAsync(string eventId, string eventType, int storeId)
    {
        try
        {
            await _repository.InsertAsync(new AlipayPlusWebhookEvent
            {
                EventId = eventId,
                EventType = eventType,
                StoreId = storeId,
                ProcessedOnUtc = _timeProvider.GetUtcNow().UtcDateTime
            }, false);
        }
        catch (Exception) when (!string.IsNullOrEmpty(eventId))
        {
            // Another server finished the same delivery first: the unique index kept one row, which is the point.
            if (!await IsProcessedAsync(eventId))
                throw;
        }
    }
}
