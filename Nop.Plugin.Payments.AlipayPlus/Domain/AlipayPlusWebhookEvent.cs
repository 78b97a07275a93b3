using Nop.Core;

namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// A webhook event processed by plugin 1.0.x, whose unique index was on the event id alone. Since 1.1.0 events are
/// claimed per store in <see cref="AlipayPlusClaim"/> and this table is no longer written; it stays so a store's
/// history and the base migration are untouched.
/// </summary>
public class AlipayPlusWebhookEvent : BaseEntity
{
    public string EventId { get; set; }

    public string EventType { get; set; }

    public int StoreId { get; set; }

    public DateTime ProcessedOnUtc { get; set; }
}
