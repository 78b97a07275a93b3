#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>A URL WooshPay delivers events to. Test and live endpoints are separate.</summary>
public sealed class WebhookEndpoint : IWooshPayResponse
{
    public string? Id { get; set; }

    /// <summary>"webhook_endpoint".</summary>
    public string? Object { get; set; }

    public long Created { get; set; }

    public string? Description { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    /// <summary>"enabled" or "disabled".</summary>
    public string? Status { get; set; }

    public string? Url { get; set; }

    public bool Livemode { get; set; }

    public string? ApiVersion { get; set; }

    public List<string>? EnabledEvents { get; set; }

    /// <summary>The signing secret, present only in the create answer: store it encrypted, never log it.</summary>
    public string? Secret { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    string? IWooshPayResponse.FindMissingField() => string.IsNullOrEmpty(Id) ? "id" : null;

    // The default would be harmless, but a record-style dump of this object would print the secret.
    public override string ToString() => $"WebhookEndpoint {Id} {Url} ({Status})";
}
