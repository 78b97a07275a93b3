namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// Where to send the shopper after placing (or retrying) an order.
/// </summary>
public sealed class PaymentStartResult
{
    private PaymentStartResult(string redirectUrl, string error)
    {
        RedirectUrl = redirectUrl;
        Error = error;
    }

    /// <summary>The wallet page to open; null when the shopper should see our return page instead.</summary>
    public string RedirectUrl { get; }

    /// <summary>The order is already settled or being confirmed: show the return page, which reads the state.</summary>
    public bool SendToReturnPage => RedirectUrl is null;

    /// <summary>Why no payment page could be opened, in words for the shopper's order note and the log.</summary>
    public string Error { get; }

    public bool Succeeded => Error is null;

    public static PaymentStartResult RedirectTo(string url) => new(url, null);

    public static PaymentStartResult ShowReturnPage() => new(null, null);

    public static PaymentStartResult Failed(string error) => new(null, error);
}
