using System.Text.RegularExpressions;
using WooshPay.Sandbox.Tests.Support;
using WooshPay.Seed;

namespace WooshPay.Sandbox.Tests;

/// <summary>The seed's literal request bodies are accepted and the answers carry every field the seed shows.</summary>
public sealed class SeedContractTests : SandboxFixture
{
    [Test]
    public async Task PaymentIntent_seed_request_gives_seed_shaped_requires_action_response()
    {
        var reply = (await Api.Post("/v1/payment_intents", SeedBodies.PaymentIntentCreateRequest)).Expect(200);

        AssertHasFieldsOf(SeedBodies.PaymentIntentResponse, reply.Obj);
        Assert.Multiple(() =>
        {
            Assert.That(reply.S("id"), Does.Match(@"^pi_\d{19}$"));
            Assert.That(reply.S("object"), Is.EqualTo("payment_intent"));
            Assert.That(reply.S("status"), Is.EqualTo("requires_action"));
            Assert.That(reply.S("currency"), Is.EqualTo("IDR"));
            Assert.That(reply.L("amount"), Is.EqualTo(200));
            Assert.That(reply.Get("livemode")!.GetValue<bool>(), Is.False);
            Assert.That(reply.S("client_secret"), Does.StartWith(reply.S("id") + "_secret_"));
            Assert.That(reply.S("next_action.alipayplus_handle_redirect.normalUrl"),
                Does.StartWith(Base + "/hosted/alipayplus/" + reply.S("id")));
            Assert.That(reply.S("payment_method"), Does.Match(@"^pm_\d{19}$"));
            Assert.That(reply.S("return_url"), Is.EqualTo("https://wooshpay.com"));
            Assert.That(reply.S("payment_method_options.alipayplus.terminal_type"), Is.EqualTo("WEB"));
            Assert.That(reply.S("confirmation_method"), Is.EqualTo("automatic"));
            Assert.That(reply.S("capture_method"), Is.EqualTo("automatic"));
            Assert.That(reply.L("created"), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Within(60_000),
                "created is in milliseconds");
            foreach (var extra in new[] { "metadata", "merchant_order_id", "description", "amount_received",
                "last_payment_error", "cancellation_reason", "canceled_at" })
                Assert.That(reply.Obj.ContainsKey(extra), Is.True, extra);
            Assert.That(reply.Header("Request-Id"), Does.StartWith("req_"));
        });
    }

    [Test]
    public async Task Refund_seed_request_gives_seed_shaped_response()
    {
        var pi = await PaidIntent(2000, "CNY");
        var body = JsonNode.Parse(SeedBodies.RefundCreateRequest)!.AsObject();
        body["payment_intent"] = pi;

        var reply = (await Api.Post("/v1/refunds", body)).Expect(200);

        AssertHasFieldsOf(SeedBodies.RefundResponse, reply.Obj);
        Assert.Multiple(() =>
        {
            Assert.That(reply.S("id"), Does.Match(@"^re_\d{19}$"));
            Assert.That(reply.S("object"), Is.EqualTo("refund"));
            Assert.That(reply.L("amount"), Is.EqualTo(2000), "no amount = the whole refundable amount");
            Assert.That(reply.S("currency"), Is.EqualTo("CNY"));
            Assert.That(reply.S("reason"), Is.EqualTo("requested_by_customer"));
            Assert.That(reply.S("status"), Is.EqualTo("pending"));
            Assert.That(reply.S("payment_intent"), Is.EqualTo(pi));
            Assert.That(reply.Get("metadata"), Is.Null);
            Assert.That(reply.Get("failure_reason"), Is.Null);
        });
    }

    [Test]
    public async Task WebhookEndpoint_seed_request_gives_seed_shaped_response_with_secret()
    {
        var reply = (await Api.Post("/v1/webhook_endpoints", SeedBodies.WebhookEndpointCreateRequest)).Expect(200);

        AssertHasFieldsOf(SeedBodies.WebhookEndpointResponse, reply.Obj);
        Assert.Multiple(() =>
        {
            Assert.That(reply.S("id"), Does.Match(@"^we_\d{19}$"));
            Assert.That(reply.S("object"), Is.EqualTo("webhook_endpoint"));
            Assert.That(reply.S("status"), Is.EqualTo("enabled"));
            Assert.That(reply.S("description"), Is.EqualTo("I_am_description"));
            Assert.That(reply.S("api_version"), Is.EqualTo("1.0.1"));
            Assert.That(reply.S("url"), Is.EqualTo("https://apitest.wooshpay.com/v1/receives"));
            Assert.That(reply.Json["enabled_events"]!.AsArray().Count, Is.EqualTo(4));
            Assert.That(reply.S("secret"), Does.StartWith("whsec_"));
        });
    }

    [Test]
    public async Task CheckoutSession_seed_request_gives_seed_shaped_response_and_linked_intent()
    {
        var reply = (await Api.Post("/v1/checkout/sessions", SeedBodies.CheckoutSessionCreateRequest)).Expect(200);

        AssertHasFieldsOf(SeedBodies.CheckoutSessionResponse, reply.Obj);
        Assert.Multiple(() =>
        {
            Assert.That(reply.S("id"), Does.Match(@"^cs_\d{19}$"));
            Assert.That(reply.S("object"), Is.EqualTo("checkout.session"));
            Assert.That(reply.S("status"), Is.EqualTo("open"));
            Assert.That(reply.S("payment_status"), Is.EqualTo("unpaid"));
            Assert.That(reply.S("currency"), Is.EqualTo("GBP"));
            Assert.That(reply.L("amount_total"), Is.EqualTo(5));
            Assert.That(reply.L("amount_subtotal"), Is.EqualTo(5));
            Assert.That(reply.S("url"), Is.EqualTo($"{Base}/checkout/pay/{reply.S("id")}"));
            Assert.That(reply.L("expires_at"), Is.GreaterThan(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            Assert.That(reply.S("line_items.data.0.price.product.name"), Is.EqualTo("taiwan fengli"));
            Assert.That(reply.S("line_items.data.0.price.billing_scheme"), Is.EqualTo("per_unit"));
            Assert.That(reply.S("line_items.data.0.price.type"), Is.EqualTo("one_time"));
            Assert.That(reply.S("payment_intent"), Does.Match(@"^pi_\d{19}$"));
            Assert.That(reply.S("client_secret"), Does.StartWith(reply.S("payment_intent") + "_secret_"));
        });

        var pi = (await Api.Get("/v1/payment_intents/" + reply.S("payment_intent"))).Expect(200);
        Assert.That(pi.L("amount"), Is.EqualTo(5));
        Assert.That(pi.S("currency"), Is.EqualTo("GBP"));
        Assert.That(pi.S("status"), Is.EqualTo("requires_payment_method"));
    }

    /// <summary>Every key of the seed object exists in the actual
    /// one, recursively into objects and first array items.</summary>
    private static void AssertHasFieldsOf(string seedJson, JsonObject actual)
    {
        var missing = new List<string>();
        Walk(JsonNode.Parse(seedJson)!.AsObject(), actual, "", missing);
        Assert.That(missing, Is.Empty, "fields of the seed response missing from the sandbox's");
    }

    private static void Walk(JsonObject seed, JsonObject actual, string path, List<string> missing)
    {
        foreach (var (key, value) in seed)
        {
            var p = path + key;
            if (!actual.ContainsKey(key))
            {
                missing.Add(p);
                continue;
            }

            if (value is JsonObject so && actual[key] is JsonObject ao) Walk(so, ao, p + ".", missing);
            else if (value is JsonArray { Count: > 0 } sa && sa[0] is JsonObject s0
                && actual[key] is JsonArray { Count: > 0 } aa && aa[0] is JsonObject a0)
                Walk(s0, a0, p + "[0].", missing);
            else if (value is JsonObject && actual[key] is null && !Regex.IsMatch(key, "^(next_action)$"))
                missing.Add(p + " (null instead of object)");
        }
    }
}
