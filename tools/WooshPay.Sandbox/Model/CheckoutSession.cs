using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Model;

public sealed class CheckoutSession : SandboxObject
{
    public CheckoutSession(Account account, string currency, JsonArray lineItems, long amountSubtotal)
        : base("cs", account)
    {
        Currency = currency;
        LineItems = lineItems;
        AmountSubtotal = amountSubtotal;
        AmountTotal = amountSubtotal;
    }

    public string Currency { get; }

    /// <summary>Rendered once at creation; line items never change afterwards.</summary>
    public JsonArray LineItems { get; }

    public long AmountSubtotal { get; }
    public long AmountTotal { get; }
    public string Status { get; set; } = "open";
    public string PaymentStatus { get; set; } = "unpaid";
    public string Mode { get; set; } = "payment";
    public string? Url { get; set; }
    public string? SuccessUrl { get; set; }
    public string? CancelUrl { get; set; }
    public string? ClientReferenceId { get; set; }
    public string? CustomerEmail { get; set; }
    public string PaymentIntentId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public List<string>? PaymentMethodTypes { get; set; }
    public JsonObject? PaymentMethodOptions { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = new();
    public long ExpiresAt { get; set; }

    protected override JsonObject BuildJson() => new()
    {
        ["id"] = Id,
        ["object"] = "checkout.session",
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer"] = "",
        ["mode"] = Mode,
        ["livemode"] = Livemode,
        ["shipping"] = null,
        ["status"] = Status,
        ["url"] = Status == "open" ? Url : null,
        ["cancel_url"] = CancelUrl,
        ["client_reference_id"] = ClientReferenceId,
        ["customer_email"] = CustomerEmail,
        ["line_items"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = LineItems.DeepClone(),
            // The seed shows both as null inside a session.
            ["url"] = null,
            ["has_more"] = null,
        },
        ["payment_intent"] = PaymentIntentId,
        ["payment_method_types"] = PaymentMethodTypes is null ? null : SandboxJson.StringArray(PaymentMethodTypes),
        ["payment_status"] = PaymentStatus,
        ["success_url"] = SuccessUrl,
        ["amount_subtotal"] = AmountSubtotal,
        ["amount_total"] = AmountTotal,
        ["billing_address_collection"] = "auto",
        ["expires_at"] = ExpiresAt,
        ["payment_link"] = "",
        ["payment_method_options"] = PaymentMethodOptions?.DeepClone(),
        ["phone_number_collection"] = null,
        ["shipping_address_collection"] = null,
        ["client_secret"] = ClientSecret,
        ["metadata"] = SandboxJson.StringMap(Metadata),
    };
}
