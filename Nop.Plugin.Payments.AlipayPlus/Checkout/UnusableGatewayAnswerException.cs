using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// WooshPay answered a create with something the shopper cannot be sent to (no payment page,
/// a page on a host that is not WooshPay's or Alipay+'s, another total, another kind of
/// object), after the object may already exist at WooshPay. It carries the ids that did come
/// back, so the attempt can be recorded and closed there instead of being left "creating".
/// </summary>
public sealed class UnusableGatewayAnswerException : WooshPayException
{
    public UnusableGatewayAnswerException(string message, string paymentIntentId, string checkoutSessionId,
        bool livemode, Exception innerException = null)
        : base(message, innerException)
    {
        PaymentIntentId = paymentIntentId;
        CheckoutSessionId = checkoutSessionId;
        Livemode = livemode;
    }

    /// <summary>The PaymentIntent the answer named, when it named one as such; null otherwise.</summary>
    public string PaymentIntentId { get; }

    /// <summary>The Checkout Session the answer named, when it named one as such; null otherwise.</summary>
    public string CheckoutSessionId { get; }

    public bool Livemode { get; }

    /// <summary>Something was named that can be closed at WooshPay.</summary>
    public bool HasIds => !string.IsNullOrEmpty(PaymentIntentId) || !string.IsNullOrEmpty(CheckoutSessionId);
}
