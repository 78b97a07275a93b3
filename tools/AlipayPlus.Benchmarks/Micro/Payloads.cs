using System.Text.Json;
using System.Text.Json.Nodes;
using WooshPay.Seed;

namespace AlipayPlus.Benchmarks.Micro;

/// <summary>
/// Wire bodies built from WooshPay's Alipay+ guide (the seed's bodies in tools/WooshPay.Seed): the PaymentIntent
/// create answer as the plugin's request makes it, and a payment_intent.succeeded event carrying that intent after
/// payment. Derived rather than copied, so the benchmarks read what the tests hold the client to.
/// </summary>
public static class Payloads
{
    public const string WebhookSecret = "whsec_5f0c3a1b9d7e4c2a8b6f1e0d3c5a7b9e";
    public const string ApiKey = "sk_test_51Nbenchmarkkey0000000000000000000000";

    /// <summary>
    /// The seed's "Create a PaymentIntent" response (pretty-printed, as there) in test mode, carrying back what
    /// the plugin sends: its return URL, merchant order id, description and attempt metadata.
    /// </summary>
    public static readonly string PaymentIntentResponse = CreatedIntent()
        .ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>payment_intent.succeeded as the sandbox (and WooshPay)
    /// sends it: compact JSON, the intent after payment.</summary>
    public static readonly string SucceededEvent = new JsonObject
    {
        ["id"] = "evt_1646355299914461184",
        ["object"] = "event",
        ["api_version"] = "1.0.1",
        ["created"] = 1681356665,
        ["data"] = new JsonObject { ["object"] = PaidIntent() },
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = "payment_intent.succeeded"
    }.ToJsonString();

    private static JsonObject CreatedIntent()
    {
        var intent = JsonNode.Parse(SeedBodies.PaymentIntentResponse)!.AsObject();
        intent["livemode"] = false;
        intent["return_url"] = "https://shop.example/Plugins/AlipayPlus/Return/1001";
        intent["merchant_order_id"] = "1001";
        intent["description"] = "Order 1001";
        intent["metadata"] = new JsonObject
        {
            ["order_guid"] = "8f7b2c1e-4d3a-4b5c-9e8f-0a1b2c3d4e5f",
            ["order_id"] = "1001",
            ["store_id"] = "1",
            ["attempt"] = "1"
        };
        return intent;
    }

    private static JsonObject PaidIntent()
    {
        var intent = CreatedIntent();
        intent.Remove("next_action");
        intent["status"] = "succeeded";
        intent["amount_received"] = intent["amount"]!.GetValue<long>();
        intent["metadata"]!["wallet"] = "DANA";
        return intent;
    }
}
