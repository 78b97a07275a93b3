using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Domain;

/// <summary>
/// The attempt's lifecycle as a table: recorded state x what WooshPay reports → recorded state, effect, outcome.
/// </summary>
public class AttemptLifecycleTests
{
    private const string Succeeded = PaymentIntentStatus.Succeeded;
    private const string RequiresAction = PaymentIntentStatus.RequiresAction;
    private const string RequiresPaymentMethod = PaymentIntentStatus.RequiresPaymentMethod;
    private const string Processing = PaymentIntentStatus.Processing;
    private const string Canceled = PaymentIntentStatus.Canceled;
    private const string Creating = PaymentRecordStatus.Creating;
    private const string Closing = PaymentRecordStatus.Closing;
    private const string PaymentFailed = PaymentRecordStatus.PaymentFailed;
    private const string Expired = PaymentRecordStatus.Expired;
    private const string Abandoning = PaymentRecordStatus.Abandoning;
    private const string CreateFailed = PaymentRecordStatus.CreateFailed;
    private const string RequiresConfirmation = PaymentIntentStatus.RequiresConfirmation;

    private static readonly object[] Table =
    [
        // A payment settles the order, from any state, and is never unsettled by an older look.
        new object[] { RequiresAction, new IntentReport(Succeeded), Succeeded, AttemptEffect.SettlePaid,
            AttemptOutcome.Paid },
        new object[] { Creating, new IntentReport(Succeeded), Succeeded, AttemptEffect.SettlePaid,
            AttemptOutcome.Paid },
        new object[] { PaymentFailed, new IntentReport(Succeeded), Succeeded, AttemptEffect.SettlePaid,
            AttemptOutcome.Paid },
        new object[] { Expired, new IntentReport(Succeeded), Succeeded, AttemptEffect.SettlePaid, AttemptOutcome.Paid },
        new object[] { Closing, new IntentReport(Succeeded), Succeeded, AttemptEffect.SettlePaid, AttemptOutcome.Paid },
        new object[] { Abandoning, new IntentReport(Succeeded), Succeeded, AttemptEffect.SettlePaid,
            AttemptOutcome.Paid },
        new object[] { Canceled, new IntentReport(Succeeded), Succeeded, AttemptEffect.SettlePaid,
            AttemptOutcome.Paid },
        new object[] { Succeeded, new IntentReport(Succeeded), Succeeded, AttemptEffect.SettlePaid,
            AttemptOutcome.Paid },
        new object[] { Succeeded, new IntentReport(RequiresAction), Succeeded, AttemptEffect.None,
            AttemptOutcome.AlreadyPaid },
        new object[] { Succeeded, new IntentReport(Canceled), Succeeded, AttemptEffect.None,
            AttemptOutcome.AlreadyPaid },
        new object[] { Succeeded, new IntentReport(RequiresPaymentMethod, Declined: true), Succeeded,
            AttemptEffect.None, AttemptOutcome.AlreadyPaid },

        // A decline is noted once; a redelivered decline changes nothing.
        new object[] { RequiresAction, new IntentReport(RequiresPaymentMethod, Declined: true), PaymentFailed,
            AttemptEffect.NoteFailure, AttemptOutcome.Failed },
        new object[] { PaymentFailed, new IntentReport(RequiresPaymentMethod, Declined: true), PaymentFailed,
            AttemptEffect.None, AttemptOutcome.Failed },
        new object[] { Closing, new IntentReport(RequiresPaymentMethod, Declined: true), PaymentFailed,
            AttemptEffect.NoteClosedByPlugin, AttemptOutcome.Failed },

        // A session's intent before the shopper acts is not a decline.
        new object[] { Creating, new IntentReport(RequiresPaymentMethod), RequiresPaymentMethod, AttemptEffect.None,
            AttemptOutcome.Pending },

        // Cancellation: the shopper's or the cashier's expiry, noted once; the plugin's own close is not the shopper's.
        new object[] { RequiresAction, new IntentReport(Canceled, CancellationReason: "abandoned"), Canceled,
            AttemptEffect.NoteCancellation, AttemptOutcome.Canceled },
        new object[] { Canceled, new IntentReport(Canceled, CancellationReason: "abandoned"), Canceled,
            AttemptEffect.None, AttemptOutcome.Canceled },
        new object[] { RequiresAction, new IntentReport(Canceled, CancellationReason: CancellationReasons.Expired),
            Expired, AttemptEffect.NoteCancellation, AttemptOutcome.Canceled },
        new object[] { Expired, new IntentReport(Canceled, CancellationReason: CancellationReasons.Expired), Expired,
            AttemptEffect.None, AttemptOutcome.Canceled },
        new object[] { Closing, new IntentReport(Canceled, CancellationReason: "abandoned"), Canceled,
            AttemptEffect.NoteClosedByPlugin, AttemptOutcome.Canceled },

        // The plugin's close of an attempt left unpaid: recorded closed and noted, never the shopper's failure or
        // cancellation (the order is cancelled by the unpaid-order setting, not here); a decline or an older look does
        // not undo it.
        new object[] { Abandoning, new IntentReport(Canceled, CancellationReason: "abandoned"), Canceled,
            AttemptEffect.NoteAbandoned, AttemptOutcome.Canceled },
        new object[] { Abandoning, new IntentReport(Canceled, CancellationReason: CancellationReasons.Expired), Expired,
            AttemptEffect.NoteAbandoned, AttemptOutcome.Canceled },
        new object[] { Abandoning, new IntentReport(RequiresPaymentMethod, Declined: true), Abandoning,
            AttemptEffect.None, AttemptOutcome.Failed },
        new object[] { Abandoning, new IntentReport(RequiresAction), Abandoning, AttemptEffect.None,
            AttemptOutcome.Pending },
        new object[] { Abandoning, new IntentReport(Processing), Abandoning, AttemptEffect.None,
            AttemptOutcome.Pending },

        // Still open at WooshPay: recorded as reported, except that a close,
        // decline or cancellation is not undone by an older look.
        new object[] { Creating, new IntentReport(RequiresAction), RequiresAction, AttemptEffect.None,
            AttemptOutcome.Pending },
        new object[] { RequiresAction, new IntentReport(Processing), Processing, AttemptEffect.None,
            AttemptOutcome.Pending },
        new object[] { Closing, new IntentReport(RequiresAction), Closing, AttemptEffect.None, AttemptOutcome.Pending },
        new object[] { PaymentFailed, new IntentReport(RequiresAction), PaymentFailed, AttemptEffect.None,
            AttemptOutcome.Pending },
        new object[] { Canceled, new IntentReport(Processing), Canceled, AttemptEffect.None, AttemptOutcome.Pending },
        new object[] { Expired, new IntentReport(RequiresAction), Expired, AttemptEffect.None, AttemptOutcome.Pending }
    ];

    [TestCaseSource(nameof(Table))]
    public void A_report_moves_the_attempt_as_the_table_says(string current, IntentReport report, string status,
        AttemptEffect effect, AttemptOutcome outcome)
    {
        Assert.That(AttemptLifecycle.Apply(current, report),
            Is.EqualTo(new AttemptTransition(status, effect, outcome)));
    }

    [TestCase(RequiresAction, true)]
    [TestCase(PaymentFailed, true)]
    [TestCase(Creating, true)]
    [TestCase(Succeeded, false)]
    public void An_attempt_can_be_closed_for_a_retry_unless_it_is_paid(string current, bool closable)
    {
        Assert.That(AttemptLifecycle.CanClose(current), Is.EqualTo(closable));
    }

    [TestCase(RequiresAction, true)]
    [TestCase(RequiresPaymentMethod, true)]
    [TestCase(RequiresConfirmation, true)]
    [TestCase(PaymentFailed, true)]
    [TestCase(Closing, true)]
    [TestCase(Abandoning, true)]
    [TestCase(Processing, false)]
    [TestCase(Succeeded, false)]
    [TestCase(Creating, false)]
    [TestCase(CreateFailed, false)]
    [TestCase(Canceled, false)]
    [TestCase(Expired, false)]
    public void Only_an_attempt_still_payable_and_with_no_money_moving_is_closed_as_abandoned(string current,
        bool abandonable)
    {
        Assert.That(AttemptLifecycle.MayBeAbandoned(current), Is.EqualTo(abandonable));
    }

    [TestCase(Canceled, true)]
    [TestCase(Expired, true)]
    [TestCase(CreateFailed, true)]
    [TestCase(Abandoning, false)]
    [TestCase(Closing, false)]
    [TestCase(PaymentFailed, false)]
    [TestCase(RequiresAction, false)]
    [TestCase(Processing, false)]
    [TestCase(Creating, false)]
    [TestCase(Succeeded, false)]
    public void An_attempt_is_closed_only_once_WooshPay_can_no_longer_take_its_payment(string current, bool closed)
    {
        Assert.That(AttemptLifecycle.IsClosed(current), Is.EqualTo(closed));
    }
}
