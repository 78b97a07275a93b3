using Nop.Core;

namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// A webhook event whose effects are committed; the unique event id makes a redelivery a no-op.
/// </summary>
public class AlipayPlusWebhookEvent : BaseEntity
{
    public string EventId { get; set; }

    public string EventType { get; set; }

    public int StoreId { get; set; }

    public DateTime ProcessedOnUtc { get; set; }
}
