namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// What the shopper coming back from the wallet is told.
/// </summary>
public enum PaymentReturnState
{
    Completed,
    Waiting,
    Failed,
    Canceled,
    GatewayError,

    /// <summary>The cashier page or the Checkout Session timed out before the shopper paid.</summary>
    Expired
}
