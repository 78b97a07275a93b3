#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>One line of a Checkout Session as WooshPay stored it.</summary>
public sealed class LineItem
{
    public string? Id { get; set; }

    /// <summary>"item".</summary>
    public string? Object { get; set; }

    public string? Currency { get; set; }

    public string? Description { get; set; }

    public Price? Price { get; set; }

    public long? Quantity { get; set; }

    public long? AmountSubtotal { get; set; }

    public long? AmountTotal { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
