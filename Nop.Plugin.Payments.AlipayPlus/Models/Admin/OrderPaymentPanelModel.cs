using Nop.Web.Framework.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Models.Admin;

/// <summary>
/// The Alipay+ block on the admin order page.
/// </summary>
public record OrderPaymentPanelModel : BaseNopModel
{
    public int OrderId { get; set; }

    public IList<AttemptRow> Attempts { get; set; } = new List<AttemptRow>();

    public IList<RefundRow> Refunds { get; set; } = new List<RefundRow>();

    public record AttemptRow(int Attempt, string Flow, string PaymentIntentId, string CheckoutSessionId, string Status,
        string Amount, string Currency, bool Livemode, DateTime CreatedOnUtc, string LastEvent,
        DateTime? LastEventOnUtc)
    {
        /// <summary>A payment the order did not need (the shopper paid twice): it must be given back.</summary>
        public bool ExtraPayment { get; init; }

        /// <summary>Of those, one whose amount differs from the order's
        /// current total: the order was not marked paid with it.</summary>
        public bool AmountDiffers { get; init; }

        /// <summary>Whether "Refund this extra payment" is offered (no refund of it is under way or done).</summary>
        public bool CanRefundExtra { get; init; }

        /// <summary>The extra payment arrived for an order that was
        /// cancelled (e.g. as left unpaid), not paid by another.</summary>
        public bool PaidAfterOrderClosed { get; init; }
    }

    public record RefundRow(string RefundId, string Amount, string Currency, string Status, string FailureReason,
        bool FromDashboard, DateTime CreatedOnUtc);
}
