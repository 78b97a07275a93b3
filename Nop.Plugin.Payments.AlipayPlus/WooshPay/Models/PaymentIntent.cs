#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>A WooshPay PaymentIntent: one attempt to collect <see cref="Amount"/> from the shopper.</summary>
public sealed class PaymentIntent : IWooshPayResponse
{
    public string? Id { get; set; }

    /// <summary>"payment_intent".</summary>
    public string? Object { get; set; }

    /// <summary>Unix milliseconds; see <see cref="WooshPayTimestamp"/>.</summary>
    public long Created { get; set; }

    public string? Currency { get; set; }

    /// <summary>Minor units (1.00 IDR = 100).</summary>
    public long Amount { get; set; }

    /// <summary>One of <see cref="PaymentIntentStatus"/>.</summary>
    public string? Status { get; set; }

    public bool Livemode { get; set; }

    /// <summary>Lets a browser act on this intent: treat it like a password, never log it.</summary>
    public string? ClientSecret { get; set; }

    public NextAction? NextAction { get; set; }

    public List<string>? PaymentMethodTypes { get; set; }

    public string? ConfirmationMethod { get; set; }

    public PaymentMethodOptions? PaymentMethodOptions { get; set; }

    public string? ReturnUrl { get; set; }

    public string? PaymentMethod { get; set; }

    public string? CaptureMethod { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public string? MerchantOrderId { get; set; }

    public string? Description { get; set; }

    public long? AmountReceived { get; set; }

    public LastPaymentError? LastPaymentError { get; set; }

    public string? CancellationReason { get; set; }

    public long? CanceledAt { get; set; }

    /// <summary>Fields this model does not know yet, kept so nothing WooshPay sends is lost.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Where to send the shopper to pay, when the intent waits for them.</summary>
    [JsonIgnore]
    public string? RedirectUrl => NextAction?.AlipayPlusHandleRedirect?.NormalUrl;

    string? IWooshPayResponse.FindMissingField() =>
        string.IsNullOrEmpty(Id) ? "id" : string.IsNullOrEmpty(Status) ? "status" : null;
}
