#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>Body of POST /v1/payment_intents. Null properties are not sent.</summary>
public sealed class PaymentIntentCreateRequest
{
    /// <summary>Minor units, always sent as a JSON integer.</summary>
    public long Amount { get; set; }

    /// <summary>ISO 4217 code; it decides which wallets the cashier offers.</summary>
    public string? Currency { get; set; }

    /// <summary>true creates and confirms in one call, so the answer already carries the redirect URL.</summary>
    public bool? Confirm { get; set; }

    public PaymentMethodOptions? PaymentMethodOptions { get; set; }

    public PaymentMethodData? PaymentMethodData { get; set; }

    /// <summary>Where the wallet sends the shopper back after paying.</summary>
    public string? ReturnUrl { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public string? MerchantOrderId { get; set; }

    public string? Description { get; set; }

    public List<string>? PaymentMethodTypes { get; set; }
}
