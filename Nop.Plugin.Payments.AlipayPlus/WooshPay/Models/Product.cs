#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>The product WooshPay created for a line item's product_data.</summary>
public sealed class Product
{
    public string? Id { get; set; }

    /// <summary>"product".</summary>
    public string? Object { get; set; }

    public long Created { get; set; }

    public bool? Active { get; set; }

    public string? Description { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public string? Name { get; set; }

    public bool Livemode { get; set; }

    public string? Url { get; set; }

    public long? Updated { get; set; }

    public List<string>? Images { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
