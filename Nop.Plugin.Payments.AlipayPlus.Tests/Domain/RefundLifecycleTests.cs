using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Domain;

/// <summary>
/// The refund's lifecycle as a table: recorded state x counted on the order x what WooshPay reports → state, effect.
/// </summary>
public class RefundLifecycleTests
{
    private const string Creating = RefundRecordStatus.Creating;
    private const string Unknown = RefundRecordStatus.Unknown;
    private const string Pending = RefundStatus.Pending;
    private const string Succeeded = RefundStatus.Succeeded;
    private const string Failed = RefundStatus.Failed;
    private const string Canceled = RefundStatus.Canceled;

    private static readonly object[] Table =
    [
        // Answered by the admin's refund (nopCommerce counts it): only notes follow.
        new object[] { Pending, true, Succeeded, Succeeded, RefundEffect.NoteSucceeded },
        new object[] { Succeeded, true, Succeeded, Succeeded, RefundEffect.None },
        new object[] { Pending, true, Pending, Pending, RefundEffect.None },

        // Not counted yet (a dashboard refund, or one whose answer was lost): money that went back is booked.
        new object[] { Pending, false, Succeeded, Succeeded, RefundEffect.BookOnOrder },
        new object[] { Unknown, false, Succeeded, Succeeded, RefundEffect.BookOnOrder },
        new object[] { Creating, false, Succeeded, Succeeded, RefundEffect.BookOnOrder },
        new object[] { Succeeded, false, Succeeded, Succeeded, RefundEffect.BookOnOrder },
        new object[] { Unknown, false, Pending, Pending, RefundEffect.None },

        // A failure takes back what the order counts, once; a repeat of it changes nothing.
        new object[] { Pending, true, Failed, Failed, RefundEffect.ReverseOnOrder },
        new object[] { Succeeded, true, Failed, Failed, RefundEffect.ReverseOnOrder },
        new object[] { Pending, true, Canceled, Canceled, RefundEffect.ReverseOnOrder },
        new object[] { Pending, false, Failed, Failed, RefundEffect.ReverseOnOrder },
        new object[] { Failed, false, Failed, Failed, RefundEffect.None },
        new object[] { Unknown, false, Failed, Failed, RefundEffect.ReverseOnOrder },

        // A report without a status says nothing.
        new object[] { Pending, true, null, Pending, RefundEffect.None }
    ];

    [TestCaseSource(nameof(Table))]
    public void A_report_moves_the_refund_as_the_table_says(string current, bool booked, string reported, string status,
        RefundEffect effect)
    {
        Assert.That(RefundLifecycle.Apply(current, booked, reported), Is.EqualTo(new RefundTransition(status, effect)));
    }

    [TestCase(false, false, Failed)]
    [TestCase(true, false, Unknown)]
    [TestCase(false, true, Unknown)]
    [TestCase(true, true, Unknown)]
    public void A_create_error_fails_the_refund_only_when_no_request_can_have_been_carried_out(bool outcomeUnknown,
        bool sentBefore, string status)
    {
        Assert.That(RefundLifecycle.AfterCreateError(outcomeUnknown, sentBefore), Is.EqualTo(status));
    }

    [TestCase(Creating, true, true)]
    [TestCase(Unknown, true, true)]
    [TestCase(Pending, true, false)]
    [TestCase(Succeeded, true, false)]
    [TestCase(Failed, false, false)]
    [TestCase(Canceled, false, false)]
    public void Unresolved_and_live_refunds_hold_the_balance(string status, bool holds, bool unresolved)
    {
        Assert.That(RefundLifecycle.HoldsBalance(status), Is.EqualTo(holds));
        Assert.That(RefundLifecycle.IsUnresolved(status), Is.EqualTo(unresolved));
    }
}
