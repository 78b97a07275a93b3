using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// What must happen to the order because of a refund's transition; done once, under a database claim.
/// </summary>
public enum RefundEffect
{
    None,

    /// <summary>The money went back and nopCommerce has not counted it: refund it offline on the order.</summary>
    BookOnOrder,

    /// <summary>The refund failed: take what the order counted back
    /// out (nothing when it counted nothing), note it.</summary>
    ReverseOnOrder,

    /// <summary>A refund the order already counts went through: note it.</summary>
    NoteSucceeded
}

/// <param name="Status">What the refund is recorded as afterwards.</param>
/// <param name="Effect">What must happen to the order, once.</param>
public readonly record struct RefundTransition(string Status, RefundEffect Effect);

/// <summary>
/// The lifecycle of a refund, every allowed transition in one place:
/// <code>
/// creating ──answered──▶ pending ──▶ succeeded
///    │                      └──────▶ failed / canceled (taken back out of the order)
///    ├──refused (4xx, first send)──▶ failed
///    └──no answer, 409, or a 4xx after an earlier send──▶ unknown
///                                                             ├──(found at WooshPay by its key)──▶
///                                                             │     pending / succeeded / failed
///                                                             └──(not found after the grace)──▶ failed
/// </code>
/// Creating and unknown refunds hold their amount of the refundable balance: WooshPay may have carried them out.
/// </summary>
public static class RefundLifecycle
{
    /// <summary>An unanswered refund WooshPay has not heard of after this long was never created.</summary>
    public static readonly TimeSpan UnknownGrace = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The transition for a refund recorded as <paramref name="current"/>
    /// when WooshPay reports it as <paramref name="reported"/>.
    /// </summary>
    /// <param name="bookedOnOrder">Whether the order's refunded amount counts this refund now.</param>
    public static RefundTransition Apply(string current, bool bookedOnOrder, string reported)
    {
        switch (reported)
        {
            case RefundStatus.Succeeded when !bookedOnOrder:
                // Also a repeat: the booking's claim makes it once, and a repeat finishes one cut short.
                return new(RefundStatus.Succeeded, RefundEffect.BookOnOrder);
            case RefundStatus.Succeeded:
                return new(RefundStatus.Succeeded,
                    current == RefundStatus.Succeeded ? RefundEffect.None : RefundEffect.NoteSucceeded);
            case RefundStatus.Failed or RefundStatus.Canceled when bookedOnOrder || current != reported:
                return new(reported, RefundEffect.ReverseOnOrder);
            case RefundStatus.Failed or RefundStatus.Canceled:
                return new(reported, RefundEffect.None);
            case null or "":
                return new(current, RefundEffect.None);
            default:
                // pending (or a status WooshPay adds later): the money has not moved yet.
                return new(reported, RefundEffect.None);
        }
    }

    /// <summary>
    /// The status after the create request failed.
    /// </summary>
    /// <param name="outcomeUnknown">No answer came (timeout, 5xx, transport), or WooshPay answered 409 / an idempotency
    /// error: the refund may exist.</param>
    /// <param name="sentBefore">An earlier request with the same key
    /// went unanswered: any refusal now may be about it.</param>
    public static string AfterCreateError(bool outcomeUnknown, bool sentBefore) =>
        outcomeUnknown || sentBefore ? RefundRecordStatus.Unknown : RefundStatus.Failed;

    /// <summary>Whether the refund's amount is still spoken for
    /// (everything but a failed or cancelled refund).</summary>
    public static bool HoldsBalance(string status) => status is not (RefundStatus.Failed or RefundStatus.Canceled);

    /// <summary>Whether the shop does not yet know what WooshPay did with the refund.</summary>
    public static bool IsUnresolved(string status) => status is RefundRecordStatus.Creating
        or RefundRecordStatus.Unknown;
}

/// <summary>
/// Refund statuses of the shop's own, before WooshPay has reported one.
/// </summary>
public static class RefundRecordStatus
{
    /// <summary>Recorded, about to be sent (or being sent) to WooshPay.</summary>
    public const string Creating = PaymentRecordStatus.Creating;

    /// <summary>Sent, but the answer was lost or ambiguous: WooshPay
    /// may have refunded. Resolved by finding it by its key.</summary>
    public const string Unknown = "unknown";
}
