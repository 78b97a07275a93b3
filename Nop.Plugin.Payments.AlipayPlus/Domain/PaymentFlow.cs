namespace Nop.Plugin.Payments.AlipayPlus.Domain;

/// <summary>
/// How the shopper is sent to WooshPay: straight to the Alipay+ cashier, or through a hosted Checkout Session.
/// </summary>
public enum PaymentFlow
{
    PaymentIntent = 0,
    CheckoutSession = 1
}
