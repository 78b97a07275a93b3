#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Json;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>The price WooshPay created for a line item's price_data.</summary>
public sealed class Price
{
    public string? Id { get; set; }

    /// <summary>"price".</summary>
    public string? Object { get; set; }

    public long Created { get; set; }

    public bool? Active { get; set; }

    public string? Currency { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public string? Nickname { get; set; }

    /// <summary>The product, or only its <see cref="Models.Product.Id"/> when WooshPay does not expand it.</summary>
    [JsonConverter(typeof(ExpandableProductConverter))]
    public Product? Product { get; set; }

    /// <summary>"one_time" for Checkout Sessions that Alipay+ can pay.</summary>
    public string? Type { get; set; }

    public bool Livemode { get; set; }

    /// <summary>Minor units.</summary>
    public long? UnitAmount { get; set; }

    public string? BillingScheme { get; set; }

    public string? LookupKey { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
