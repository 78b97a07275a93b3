using Nop.Core;

namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// A refund of a payment, asked for from the admin order page or made in WooshPay's dashboard.
/// </summary>
public class AlipayPlusRefund : BaseEntity
{
    public int StoreId { get; set; }

    public int OrderId { get; set; }

    public int PaymentId { get; set; }

    public string PaymentIntentId { get; set; }

    /// <summary>
    /// WooshPay's re_ id; empty until the gateway has answered.
    /// </summary>
    public string RefundId { get; set; }

    /// <summary>
    /// Derived from the refund request, so a double click or a retry is the same refund at WooshPay.
    /// </summary>
    public string IdempotencyKey { get; set; }

    public long AmountMinor { get; set; }

    public string Currency { get; set; }

    public string Status { get; set; }

    public string FailureReason { get; set; }

    /// <summary>
    /// True when the refund was made outside the shop (WooshPay's dashboard) and applied to the order from its webhook.
    /// </summary>
    public bool FromDashboard { get; set; }

    /// <summary>
    /// Whether nopCommerce counts this refund in the order's refunded amount: set when the plugin answered the
    /// order page's refund with success or applied it as an offline refund, cleared when a failure takes it back out.
    /// </summary>
    public bool BookedOnOrder { get; set; }

    /// <summary>
    /// What nopCommerce added to the order's refunded amount for this refund, in the primary currency: the amount the
    /// admin typed, the order total for a full refund, or the amount applied offline. A failure takes out exactly this;
    /// recomputing it from <see cref="AmountMinor"/> can be a cent (or, for a currency worth more than the primary one,
    /// several) off. Null for refunds recorded before plugin 1.2.0 and for those the order does not count.
    /// </summary>
    public decimal? PrimaryAmountBooked { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public DateTime UpdatedOnUtc { get; set; }
}
