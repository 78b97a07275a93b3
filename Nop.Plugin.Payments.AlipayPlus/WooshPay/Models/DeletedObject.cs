#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>The answer to a DELETE: {"id":..., "object":..., "deleted":true}.</summary>
public sealed class DeletedObject : IWooshPayResponse
{
    public string? Id { get; set; }

    public string? Object { get; set; }

    public bool Deleted { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    string? IWooshPayResponse.FindMissingField() => string.IsNullOrEmpty(Id) ? "id" : null;
}
