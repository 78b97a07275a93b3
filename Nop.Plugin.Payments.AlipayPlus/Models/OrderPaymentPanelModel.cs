using Nop.Web.Framework.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Models;

/// <summary>
/// The Alipay+ block on the admin order page.
/// </summary>
public record OrderPaymentPanelModel : BaseNopModel
{
    public int OrderId { get; set; }

    public IList<AttemptRow> Attempts { get; set; } = new List<AttemptRow>();

    public IList<RefundRow> Refunds { get; set; } = new List<RefundRow>();

    public record AttemptRow(int Attempt, string Flow, string PaymentIntentId, string CheckoutSessionId, string Status,
        string Amount, string Currency, bool Livemode, DateTime CreatedOnUtc, string LastEvent, DateTime? LastEventOnUtc);

    public record RefundRow(string RefundId, string Amount, string Currency, string Status, string FailureReason, bool FromDashboard, DateTime CreatedOnUtc);
}
