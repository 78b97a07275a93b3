#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>An inline product for <see cref="PriceData"/>; its name is what the hosted page shows.</summary>
public sealed class ProductData
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public bool? Active { get; set; }

    public string? Description { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public string? Url { get; set; }

    public List<string>? Images { get; set; }
}
