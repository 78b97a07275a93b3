#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>A WooshPay-hosted checkout page; it owns a PaymentIntent that cannot be cancelled directly.</summary>
public sealed class CheckoutSession : IWooshPayResponse
{
    public string? Id { get; set; }

    /// <summary>"checkout.session".</summary>
    public string? Object { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long Created { get; set; }

    public string? Currency { get; set; }

    public string? Customer { get; set; }

    public string? Mode { get; set; }

    public bool Livemode { get; set; }

    /// <summary>Shape not documented by WooshPay, so kept as raw JSON.</summary>
    public JsonElement? Shipping { get; set; }

    /// <summary>One of <see cref="CheckoutSessionStatus"/> (open, complete, expired).</summary>
    public string? Status { get; set; }

    /// <summary>The hosted payment page to send the shopper to.</summary>
    public string? Url { get; set; }

    public string? CancelUrl { get; set; }

    public string? ClientReferenceId { get; set; }

    public string? CustomerEmail { get; set; }

    public WooshPayList<LineItem>? LineItems { get; set; }

    public string? PaymentIntent { get; set; }

    public List<string>? PaymentMethodTypes { get; set; }

    /// <summary>paid or unpaid (<see cref="CheckoutSessionStatus.PaymentPaid"/>).</summary>
    public string? PaymentStatus { get; set; }

    public string? SuccessUrl { get; set; }

    public long? AmountSubtotal { get; set; }

    public long? AmountTotal { get; set; }

    public string? BillingAddressCollection { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long? ExpiresAt { get; set; }

    public string? PaymentLink { get; set; }

    public PaymentMethodOptions? PaymentMethodOptions { get; set; }

    public JsonElement? PhoneNumberCollection { get; set; }

    public JsonElement? ShippingAddressCollection { get; set; }

    /// <summary>Client secret of the session's PaymentIntent: never log it.</summary>
    public string? ClientSecret { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    string? IWooshPayResponse.FindMissingField() => string.IsNullOrEmpty(Id) ? "id" : null;
}
