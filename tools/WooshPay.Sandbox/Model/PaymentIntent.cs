using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Model;

public sealed class PaymentIntent : SandboxObject
{
    public static readonly string[] DefaultPaymentMethodTypes = ["alipay", "wechat_pay", "card", "alipayplus"];

    public PaymentIntent(Account account, long amount, string currency) : base("pi", account)
    {
        Amount = amount;
        Currency = currency;
        ClientSecret = $"{Id}_secret_{IdGenerator.RandomToken(24)}";
    }

    public long Amount { get; }
    public string Currency { get; }
    public string ClientSecret { get; }
    public string Status { get; set; } = IntentStatus.RequiresPaymentMethod;
    public string? PaymentMethod { get; set; }
    public List<string> PaymentMethodTypes { get; set; } = [.. DefaultPaymentMethodTypes];
    public string TerminalType { get; set; } = "WEB";
    public string? ReturnUrl { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = new();
    public string? MerchantOrderId { get; set; }
    public string? Description { get; set; }
    public long AmountReceived { get; set; }
    public JsonObject? LastPaymentError { get; set; }
    public string? CancellationReason { get; set; }
    public long? CanceledAt { get; set; }

    /// <summary>Set when a Checkout Session created this intent; such intents are paid through the session.</summary>
    public string? CheckoutSessionId { get; set; }

    /// <summary>The sandbox's hosted cashier page for this intent.</summary>
    public string? HostedUrl { get; set; }

    /// <summary>When the cashier stops being payable (ms); set on entering requires_action.</summary>
    public long? ActionExpiresAt { get; set; }

    /// <summary>Pending plus succeeded refunds; what may still be refunded is AmountReceived minus this.</summary>
    public long AmountRefunded { get; set; }

    /// <summary>Wallet chosen on the hosted page (kept for /_sandbox/state only).</summary>
    public string? Wallet { get; set; }

    protected override JsonObject BuildJson()
    {
        JsonNode? nextAction = null;
        if (Status == IntentStatus.RequiresAction && HostedUrl is not null)
        {
            // camelCase "normalUrl" exactly as WooshPay's seed shows it.
            nextAction = new JsonObject
            {
                ["alipayplus_handle_redirect"] = new JsonObject { ["normalUrl"] = HostedUrl },
            };
        }

        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "payment_intent",
            ["created"] = Created,
            ["currency"] = Currency,
            ["amount"] = Amount,
            ["status"] = Status,
            ["livemode"] = Livemode,
            ["client_secret"] = ClientSecret,
            ["next_action"] = nextAction,
            ["payment_method_types"] = SandboxJson.StringArray(PaymentMethodTypes),
            ["confirmation_method"] = "automatic",
            ["payment_method_options"] = new JsonObject
            {
                ["alipayplus"] = new JsonObject { ["terminal_type"] = TerminalType },
            },
            ["return_url"] = ReturnUrl,
            ["payment_method"] = PaymentMethod,
            ["capture_method"] = "automatic",
            ["metadata"] = SandboxJson.StringMap(Metadata),
            ["merchant_order_id"] = MerchantOrderId,
            ["description"] = Description,
            ["amount_received"] = AmountReceived,
            ["last_payment_error"] = LastPaymentError?.DeepClone(),
            ["cancellation_reason"] = CancellationReason,
            ["canceled_at"] = CanceledAt,
        };
    }
}
