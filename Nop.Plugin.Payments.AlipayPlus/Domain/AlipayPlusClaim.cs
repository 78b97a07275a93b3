using Nop.Core;

namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// A state change that must happen once (an order marked paid, a refund booked on an order, a webhook event
/// processed), claimed by inserting its key: the unique index lets one server win, and only the winner acts.
/// A claim never completed (its holder crashed) is taken over after a lease, and the taker finishes the work.
/// </summary>
public class AlipayPlusClaim : BaseEntity
{
    /// <summary>
    /// What is claimed, e.g. "order-paid:42" or "event:1:evt_123"; unique.
    /// </summary>
    public string ClaimKey { get; set; }

    public int OrderId { get; set; }

    /// <summary>
    /// The attempt or refund record the claimer acts for.
    /// </summary>
    public int SubjectId { get; set; }

    /// <summary>
    /// The order's refunded amount when the claim was taken: a takeover tells from it whether the crashed
    /// holder's refund already reached the order.
    /// </summary>
    public decimal OrderRefundedBefore { get; set; }

    public DateTime ClaimedOnUtc { get; set; }

    /// <summary>
    /// Set when the work is done; until then the claim is held, and after the lease it can be taken over.
    /// </summary>
    public DateTime? CompletedOnUtc { get; set; }
}
