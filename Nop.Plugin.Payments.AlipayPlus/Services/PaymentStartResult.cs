namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// Where to send the shopper after placing (or retrying) an order.
/// </summary>
public sealed class PaymentStartResult
{
    private PaymentStartResult(string redirectUrl, bool sendToReturnPage, string error)
    {
        RedirectUrl = redirectUrl;
        SendToReturnPage = sendToReturnPage;
        Error = error;
    }

    /// <summary>The wallet page to open; null when the shopper should see our return page instead.</summary>
    public string RedirectUrl { get; }

    /// <summary>The order is already settled or being confirmed: show the return page, which reads the state.</summary>
    public bool SendToReturnPage { get; }

    /// <summary>Why no payment page could be opened, in words for the shopper's order note and the log.</summary>
    public string Error { get; }

    public bool Succeeded => Error is null;

    public static PaymentStartResult RedirectTo(string url) => new(url, false, null);

    public static PaymentStartResult ShowReturnPage() => new(null, true, null);

    public static PaymentStartResult Failed(string error) => new(null, true, error);
}
