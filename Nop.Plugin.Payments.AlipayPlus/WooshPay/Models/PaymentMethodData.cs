#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>Creates the payment method inline with the PaymentIntent; for Alipay+ only the type is needed.</summary>
public sealed class PaymentMethodData
{
    /// <summary>"alipayplus" (<see cref="AlipayPlusValues.PaymentMethodType"/>).</summary>
    public string? Type { get; set; }
}
