namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// How long a shopper placing or retrying an order may be kept waiting on WooshPay.
/// </summary>
public class CheckoutPaymentOptions
{
    /// <summary>
    /// The whole start or retry of a payment: the look at the last attempt, its close and the create, each a call
    /// the client retries on its own for up to 30 s. Past this the shopper sees the return page with the retry.
    /// </summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(40);
}
