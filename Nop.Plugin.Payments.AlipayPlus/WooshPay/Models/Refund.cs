#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>A refund of (part of) a PaymentIntent. It may stay pending and fail later.</summary>
public sealed class Refund : IWooshPayResponse
{
    public string? Id { get; set; }

    /// <summary>"refund".</summary>
    public string? Object { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long Created { get; set; }

    /// <summary>Minor units.</summary>
    public long Amount { get; set; }

    public string? Currency { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public string? Reason { get; set; }

    /// <summary>One of <see cref="RefundStatus"/>.</summary>
    public string? Status { get; set; }

    public string? Description { get; set; }

    public string? PaymentIntent { get; set; }

    public string? FailureReason { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    string? IWooshPayResponse.FindMissingField() =>
        string.IsNullOrEmpty(Id) ? "id" : string.IsNullOrEmpty(Status) ? "status" : null;
}
