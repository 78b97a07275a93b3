#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>PaymentIntent.status values. Compare with these rather
/// than an enum: a new status must not break parsing.</summary>
public static class PaymentIntentStatus
{
    public const string RequiresPaymentMethod = "requires_payment_method";
    public const string RequiresConfirmation = "requires_confirmation";
    public const string RequiresAction = "requires_action";
    public const string Processing = "processing";
    public const string RequiresCapture = "requires_capture";
    public const string Succeeded = "succeeded";
    public const string Canceled = "canceled";
}
