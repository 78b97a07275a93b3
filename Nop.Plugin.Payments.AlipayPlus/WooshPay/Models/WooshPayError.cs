#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>The error object of a failed call, found under "error" in the answer body.</summary>
public sealed class WooshPayError
{
    /// <summary>api_error, card_error, idempotency_error or invalid_request_error.</summary>
    public string? Type { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }

    public string? Param { get; set; }

    public string? DeclineCode { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
