#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>Wire values for the Alipay+ payment method.</summary>
public static class AlipayPlusValues
{
    /// <summary>payment_method_types / payment_method_data.type value.</summary>
    public const string PaymentMethodType = "alipayplus";

    /// <summary>The only terminal type WooshPay documents: a desktop or mobile browser.</summary>
    public const string TerminalTypeWeb = "WEB";

    /// <summary>Alipay+ also knows these; WooshPay does not document them, so they are opt-in.</summary>
    public const string TerminalTypeWap = "WAP";

    public const string TerminalTypeApp = "APP";

    public static readonly IReadOnlyList<string> TerminalTypes = [TerminalTypeWeb, TerminalTypeWap, TerminalTypeApp];

    /// <summary>Checkout Session mode for a one-time payment.</summary>
    public const string CheckoutModePayment = "payment";
}
