using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Model;

public sealed class Refund : SandboxObject
{
    public Refund(Account account, string paymentIntentId, long amount, string currency) : base("re", account)
    {
        PaymentIntentId = paymentIntentId;
        Amount = amount;
        Currency = currency;
    }

    public string PaymentIntentId { get; }
    public long Amount { get; }
    public string Currency { get; }
    public string Status { get; set; } = "pending";
    public string? Reason { get; set; }
    public string? Description { get; set; }
    public string? FailureReason { get; set; }

    /// <summary>Null when the caller sent none, as in the seed's response.</summary>
    public Dictionary<string, string>? Metadata { get; set; }

    /// <summary>"api" or "dashboard" (made through /_sandbox/refunds).</summary>
    public string Source { get; set; } = "api";

    protected override JsonObject BuildJson() => new()
    {
        ["id"] = Id,
        ["object"] = "refund",
        ["created"] = Created,
        ["amount"] = Amount,
        ["currency"] = Currency,
        ["metadata"] = SandboxJson.StringMap(Metadata),
        ["reason"] = Reason,
        ["status"] = Status,
        ["description"] = Description,
        ["payment_intent"] = PaymentIntentId,
        ["failure_reason"] = FailureReason,
    };
}
