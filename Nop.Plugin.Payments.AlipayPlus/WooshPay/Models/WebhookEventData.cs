#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>The "data" of an event. The object stays raw JSON until the handler knows its type.</summary>
public sealed class WebhookEventData
{
    public JsonElement Object { get; set; }

    /// <summary>For *.updated events, the fields that changed and their former values.</summary>
    public JsonElement? PreviousAttributes { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
