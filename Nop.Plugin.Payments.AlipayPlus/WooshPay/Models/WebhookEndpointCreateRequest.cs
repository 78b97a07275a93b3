#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>Body of POST /v1/webhook_endpoints.</summary>
public sealed class WebhookEndpointCreateRequest
{
    /// <summary>Public HTTPS URL: WooshPay cannot reach a localhost address.</summary>
    public string? Url { get; set; }

    /// <summary>Event names from <see cref="WebhookEventTypes"/>.</summary>
    public List<string>? EnabledEvents { get; set; }

    public string? Description { get; set; }

    public string? ApiVersion { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }
}
