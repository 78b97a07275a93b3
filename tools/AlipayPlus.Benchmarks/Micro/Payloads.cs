using System.Security.Cryptography;
using System.Text;

namespace AlipayPlus.Benchmarks.Micro;

/// <summary>
/// Wire bodies shaped like WooshPay's Alipay+ guide (/work/shared/seed-wooshpay-alipayplus.txt): the
/// PaymentIntent create answer, and a payment_intent.succeeded event carrying that intent after payment.
/// </summary>
public static class Payloads
{
    public const string WebhookSecret = "whsec_5f0c3a1b9d7e4c2a8b6f1e0d3c5a7b9e";
    public const string ApiKey = "sk_test_51Nbenchmarkkey0000000000000000000000";

    /// <summary>The seed's "Create a PaymentIntent" response, as WooshPay answers it (pretty-printed there too).</summary>
    public const string PaymentIntentResponse = """
        {
          "id": "pi_1646355176136638464",
          "object": "payment_intent",
          "created": 1681356636000,
          "currency": "IDR",
          "amount": 200,
          "status": "requires_action",
          "livemode": false,
          "client_secret": "pi_1646355176136638464_secret_gxkV1LYb76c2nFvtzDmHevyw",
          "next_action": {
            "alipayplus_handle_redirect": {
              "normalUrl": "https://open-sea.alipayplus.com/api/open/v1/ac/cashier/self/codevalue/checkout.htm?codeValue=281666040092tDht8YNMR2t2u648Mu5v476I"
            }
          },
          "payment_method_types": [
            "alipay",
            "wechat_pay",
            "card",
            "alipayplus"
          ],
          "confirmation_method": "automatic",
          "payment_method_options": {
            "alipayplus": {
              "terminal_type": "WEB"
            }
          },
          "return_url": "https://shop.example/Plugins/AlipayPlus/Return/1001",
          "payment_method": "pm_1646355176006615040",
          "capture_method": "automatic",
          "merchant_order_id": "1001",
          "description": "Order 1001",
          "metadata": {
            "order_guid": "8f7b2c1e-4d3a-4b5c-9e8f-0a1b2c3d4e5f",
            "order_id": "1001",
            "store_id": "1",
            "attempt": "1"
          }
        }
        """;

    /// <summary>payment_intent.succeeded as the sandbox (and WooshPay) sends it: compact JSON, the intent after payment.</summary>
    public static readonly string SucceededEvent = Compact("""
        {
          "id": "evt_1646355299914461184",
          "object": "event",
          "api_version": "1.0.1",
          "created": 1681356665,
          "data": {
            "object": {
              "id": "pi_1646355176136638464",
              "object": "payment_intent",
              "created": 1681356636000,
              "currency": "IDR",
              "amount": 200,
              "amount_received": 200,
              "status": "succeeded",
              "livemode": false,
              "client_secret": "pi_1646355176136638464_secret_gxkV1LYb76c2nFvtzDmHevyw",
              "payment_method_types": ["alipay", "wechat_pay", "card", "alipayplus"],
              "confirmation_method": "automatic",
              "payment_method_options": { "alipayplus": { "terminal_type": "WEB" } },
              "return_url": "https://shop.example/Plugins/AlipayPlus/Return/1001",
              "payment_method": "pm_1646355176006615040",
              "capture_method": "automatic",
              "merchant_order_id": "1001",
              "description": "Order 1001",
              "metadata": {
                "order_guid": "8f7b2c1e-4d3a-4b5c-9e8f-0a1b2c3d4e5f",
                "order_id": "1001",
                "store_id": "1",
                "attempt": "1",
                "wallet": "DANA"
              }
            }
          },
          "livemode": false,
          "pending_webhooks": 1,
          "request": { "id": null, "idempotency_key": null },
          "type": "payment_intent.succeeded"
        }
        """);

    /// <summary>"t=&lt;unix s&gt;,v1=&lt;hex HMAC-SHA256(secret, t + "." + body)&gt;": WooshPay's and Stripe's one scheme.</summary>
    public static string SignatureHeader(byte[] body, string secret, long unixSeconds)
    {
        var t = unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signed = new byte[t.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(t, signed);
        signed[t.Length] = (byte)'.';
        body.CopyTo(signed, t.Length + 1);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    private static string Compact(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString();
}
