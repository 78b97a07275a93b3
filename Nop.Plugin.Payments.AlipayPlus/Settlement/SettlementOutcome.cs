namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

/// <summary>
/// What applying a PaymentIntent did to its order.
/// </summary>
public enum SettlementOutcome
{
    /// <summary>The shopper has not finished paying (requires_action, processing).</summary>
    Pending,

    /// <summary>The order was marked paid now.</summary>
    Paid,

    /// <summary>The order was already paid; nothing changed.</summary>
    AlreadyPaid,

    /// <summary>The payment succeeded but the order does not count it: another payment (or the admin) had already paid
    /// the order (the shopper paid twice), or its amount differs from the order's current total (edited after the
    /// attempt opened). It is noted, logged as an error and offered for refund in the order's Alipay+ panel.</summary>
    ExtraPayment,

    /// <summary>The payment succeeded but the order can no longer be
    /// marked paid (e.g. cancelled); an admin must act.</summary>
    PaidButOrderClosed,

    /// <summary>The wallet declined or the shopper failed to pay; the order stays unpaid.</summary>
    Failed,

    /// <summary>The attempt was cancelled or expired; the order stays unpaid.</summary>
    Canceled,

    /// <summary>The intent does not match the order (id, amount, currency); the order was not touched.</summary>
    Mismatch,

    /// <summary>The order no longer exists.</summary>
    OrderNotFound
}
