#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// A webhook body that is not a WooshPay event (not JSON, no id or type, unreadable data.object).
/// Answer such a delivery with 400: a retry of the same bytes cannot succeed.
/// </summary>
public sealed class WebhookEventFormatException : WooshPayException
{
    public WebhookEventFormatException(string message)
        : base(message)
    {
    }

    public WebhookEventFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
