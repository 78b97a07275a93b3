#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>An inline one-time price for a Checkout Session line item.</summary>
public sealed class PriceData
{
    public string? Currency { get; set; }

    /// <summary>An existing product id instead of <see cref="ProductData"/>.</summary>
    public string? Product { get; set; }

    /// <summary>Minor units.</summary>
    public long? UnitAmount { get; set; }

    public bool? Active { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public string? Nickname { get; set; }

    public ProductData? ProductData { get; set; }

    public string? BillingScheme { get; set; }

    public string? LookupKey { get; set; }
}
