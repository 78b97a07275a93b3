using Nop.Core;

namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// One attempt to collect an order's money at WooshPay (a PaymentIntent, possibly owned by a Checkout Session).
/// </summary>
public class AlipayPlusPayment : BaseEntity
{
    public int StoreId { get; set; }

    public int OrderId { get; set; }

    public Guid OrderGuid { get; set; }

    /// <summary>
    /// 1 for the first attempt; a retry after a failed or expired attempt takes the next number.
    /// </summary>
    public int Attempt { get; set; }

    public int FlowId { get; set; }

    public string PaymentIntentId { get; set; }

    public string CheckoutSessionId { get; set; }

    /// <summary>
    /// Where the shopper pays: the cashier's normalUrl or the session's url.
    /// </summary>
    public string RedirectUrl { get; set; }

    public string Currency { get; set; }

    public long AmountMinor { get; set; }

    /// <summary>
    /// The PaymentIntent status as WooshPay last reported it.
    /// </summary>
    public string Status { get; set; }

    public bool Livemode { get; set; }

    public string LastEventType { get; set; }

    public DateTime? LastEventOnUtc { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public DateTime UpdatedOnUtc { get; set; }

    public PaymentFlow Flow
    {
        get => (PaymentFlow)FlowId;
        set => FlowId = (int)value;
    }
}
