#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>Body of POST /v1/refunds.</summary>
public sealed class RefundCreateRequest
{
    /// <summary>The PaymentIntent id to refund.</summary>
    public string? PaymentIntent { get; set; }

    /// <summary>Minor units for a partial refund; null refunds what is left. Sent as a JSON integer.</summary>
    public long? Amount { get; set; }

    /// <summary>One of <see cref="RefundReasons"/>.</summary>
    public string? Reason { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }
}
