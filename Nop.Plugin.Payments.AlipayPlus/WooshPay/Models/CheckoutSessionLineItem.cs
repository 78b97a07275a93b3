#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>One line of a Checkout Session request: an inline price or an existing price id.</summary>
public sealed class CheckoutSessionLineItem
{
    public PriceData? PriceData { get; set; }

    /// <summary>An existing price id instead of <see cref="PriceData"/>.</summary>
    public string? Price { get; set; }

    public long? Quantity { get; set; }
}
