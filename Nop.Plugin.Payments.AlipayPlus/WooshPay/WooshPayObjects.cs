namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// The "object" names and id prefixes of what the plugin creates, to tell an answer of the kind asked for from another.
/// </summary>
public static class WooshPayObjects
{
    public const string PaymentIntent = "payment_intent";
    public const string CheckoutSession = "checkout.session";

    public const string PaymentIntentIdPrefix = "pi_";
    public const string CheckoutSessionIdPrefix = "cs_";
}
