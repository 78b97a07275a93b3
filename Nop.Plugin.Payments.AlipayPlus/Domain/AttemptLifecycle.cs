using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// What the gateway reports of an attempt's PaymentIntent, reduced to what the lifecycle decides on.
/// </summary>
/// <param name="Status">The intent's status.</param>
/// <param name="Declined">It carries a last_payment_error: the wallet declined.</param>
/// <param name="CancellationReason">Why it was cancelled, when it was.</param>
public readonly record struct IntentReport(string Status, bool Declined = false, string CancellationReason = null);

/// <summary>
/// What must happen to the order because of a transition; the settlement carries it out under a database claim.
/// </summary>
public enum AttemptEffect
{
    /// <summary>Nothing beyond recording the status.</summary>
    None,

    /// <summary>The money arrived: the order is marked paid by this
    /// attempt (or the attempt is flagged as an extra payment).</summary>
    SettlePaid,

    /// <summary>The wallet declined: noted, and the order perhaps cancelled (the shop's setting).</summary>
    NoteFailure,

    /// <summary>The shopper or the cashier's expiry closed it: noted, and the order perhaps cancelled.</summary>
    NoteCancellation,

    /// <summary>The plugin closed it to open a new attempt: noted only; the shopper did not give up.</summary>
    NoteClosedByPlugin,

    /// <summary>The plugin closed it after the shopper left it unpaid: noted only; whether the order is cancelled is
    /// decided later by the shop's "cancel orders left unpaid" setting, never by the close itself.</summary>
    NoteAbandoned
}

/// <summary>
/// The outcome a transition reports when it needs no settlement of the order.
/// </summary>
public enum AttemptOutcome
{
    Pending,
    Paid,
    AlreadyPaid,
    Failed,
    Canceled
}

/// <param name="Status">What the attempt is recorded as afterwards.</param>
/// <param name="Effect">What must happen to the order, once.</param>
/// <param name="Outcome">What the transition reports when the effect needs no settlement.</param>
public readonly record struct AttemptTransition(string Status, AttemptEffect Effect, AttemptOutcome Outcome);

/// <summary>
/// The lifecycle of a payment attempt, every allowed transition in one place:
/// <code>
/// creating ──created──▶ requires_payment_method / requires_action / processing ──▶ succeeded (final)
///    │                        │            │                    └──▶ payment_failed ──▶
///    │                        │            │                         (a late success still pays)
///    └──refused──▶ create_failed        closing (the plugin opens a new attempt) ──▶ canceled
///                                 abandoning (left unpaid past the cashier's expiry) ──▶ canceled / expired
///                                 canceled / expired (the shopper or the cashier's timer) ──▶
///                                     (a late success still pays)
/// </code>
/// A succeeded attempt never goes back: a report taken before the payment (a late webhook) is ignored.
/// </summary>
public static class AttemptLifecycle
{
    /// <summary>
    /// The transition for an attempt recorded as <paramref name="current"/>
    /// when WooshPay reports <paramref name="report"/>.
    /// </summary>
    public static AttemptTransition Apply(string current, IntentReport report)
    {
        var reported = Recorded(report);
        if (reported == PaymentIntentStatus.Succeeded)
            // Also from failed, cancelled or expired: money that arrived late is never dropped. From succeeded too: the
            // settlement's claim says whether the order is paid by it, and finishes what a crash cut short.
            return new(PaymentIntentStatus.Succeeded, AttemptEffect.SettlePaid, AttemptOutcome.Paid);

        if (current == PaymentIntentStatus.Succeeded)
            return new(PaymentIntentStatus.Succeeded, AttemptEffect.None, AttemptOutcome.AlreadyPaid);

        if (reported is PaymentIntentStatus.Canceled or PaymentRecordStatus.Expired)
        {
            if (current == PaymentRecordStatus.Abandoning)
                return new(reported, AttemptEffect.NoteAbandoned, AttemptOutcome.Canceled);
            if (current == PaymentRecordStatus.Closing)
                return new(reported, AttemptEffect.NoteClosedByPlugin, AttemptOutcome.Canceled);
            return new(reported, current == reported ? AttemptEffect.None : AttemptEffect.NoteCancellation,
                AttemptOutcome.Canceled);
        }

        if (reported == PaymentRecordStatus.PaymentFailed)
        {
            // A decline while the plugin closes an abandoned attempt changes nothing: the close is what ends it.
            if (current == PaymentRecordStatus.Abandoning)
                return new(current, AttemptEffect.None, AttemptOutcome.Failed);
            if (current == PaymentRecordStatus.Closing)
                return new(reported, AttemptEffect.NoteClosedByPlugin, AttemptOutcome.Failed);
            return new(reported, current == reported ? AttemptEffect.None : AttemptEffect.NoteFailure,
                AttemptOutcome.Failed);
        }

        // Still open at WooshPay. A look taken before the plugin's own close, a decline or a
        // cancellation landed (a late webhook, a slow return on another server) must not undo
        // it: nothing tells an older report from a newer one, and a closed attempt loses nothing
        // by staying closed (a later payment still settles it, reconciliation still asks).
        var closed = current is PaymentRecordStatus.Closing or PaymentRecordStatus.Abandoning
            or PaymentRecordStatus.PaymentFailed or PaymentIntentStatus.Canceled or PaymentRecordStatus.Expired;
        return new(closed ? current : reported, AttemptEffect.None, AttemptOutcome.Pending);
    }

    /// <summary>
    /// Whether an attempt may be marked closing so a new one can open: never over a payment.
    /// </summary>
    public static bool CanClose(string current) => current != PaymentIntentStatus.Succeeded;

    /// <summary>
    /// Whether an attempt left alone this long may be closed at WooshPay as abandoned: it is still payable there (or a
    /// close of it is under way), and no money is moving (processing waits for its outcome).
    /// </summary>
    public static bool MayBeAbandoned(string current) => current is PaymentIntentStatus.RequiresAction
        or PaymentIntentStatus.RequiresPaymentMethod or PaymentIntentStatus.RequiresConfirmation
        or PaymentRecordStatus.PaymentFailed or PaymentRecordStatus.Closing or PaymentRecordStatus.Abandoning;

    /// <summary>
    /// Whether nothing of the attempt can be paid any more: WooshPay closed it (cancelled or
    /// expired) or never created it. Reconciliation stops asking about it; an order whose
    /// attempts are all closed may be cancelled as left unpaid. A payment WooshPay takes
    /// anyway (a race at the moment of closing) still settles through <see cref="Apply"/>.
    /// </summary>
    public static bool IsClosed(string current) =>
        current is PaymentIntentStatus.Canceled or PaymentRecordStatus.Expired or PaymentRecordStatus.CreateFailed;

    // A declined payment leaves the intent in requires_payment_method, the status a Checkout Session's intent
    // already has before the shopper acts; recording the decline as its own status tells a redelivered failure
    // from the first one. A cashier that timed out is recorded as expired, so the shopper's retry opens a new one.
    private static string Recorded(IntentReport report)
    {
        if (report.Status == PaymentIntentStatus.RequiresPaymentMethod && report.Declined)
            return PaymentRecordStatus.PaymentFailed;

        if (report.Status == PaymentIntentStatus.Canceled && report.CancellationReason == CancellationReasons.Expired)
            return PaymentRecordStatus.Expired;

        return report.Status;
    }
}
