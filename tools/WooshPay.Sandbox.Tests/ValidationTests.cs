using WooshPay.Sandbox.Tests.Support;
using WooshPay.Seed;

namespace WooshPay.Sandbox.Tests;

/// <summary>Every documented error status path the sandbox implements (429/5xx live in FaultTests).</summary>
public sealed class ValidationTests : SandboxFixture
{
    private async Task AssertInvalid(string path, string json, string? param, string? code = null)
    {
        var reply = (await Api.Post(path, json)).Expect(400);
        Assert.Multiple(() =>
        {
            Assert.That(reply.S("error.type"), Is.EqualTo("invalid_request_error"));
            Assert.That(reply.Get("error.param")?.GetValue<string>(), Is.EqualTo(param), reply.Body);
            if (code is not null) Assert.That(reply.S("error.code"), Is.EqualTo(code), reply.Body);
        });
    }

    [Test]
    public async Task Payment_intent_create_validation()
    {
        await AssertInvalid("/v1/payment_intents", """{"currency":"HKD"}""", "amount", "parameter_missing");
        await AssertInvalid("/v1/payment_intents", """{"amount":0,"currency":"HKD"}""", "amount", "amount_too_small");
        await AssertInvalid("/v1/payment_intents", """{"amount":-5,"currency":"HKD"}""", "amount");
        await AssertInvalid("/v1/payment_intents", """{"amount":1.5,"currency":"HKD"}""", "amount",
            "parameter_invalid_integer");
        await AssertInvalid("/v1/payment_intents", """{"amount":"abc","currency":"HKD"}""", "amount",
            "parameter_invalid_integer");
        await AssertInvalid("/v1/payment_intents", """{"amount":100}""", "currency", "parameter_missing");
        await AssertInvalid("/v1/payment_intents", """{"amount":100,"currency":"USD"}""", "currency",
            "currency_not_supported");
        await AssertInvalid("/v1/payment_intents",
            """{"amount":100,"currency":"HKD","confirm":true,"payment_method_data":{"type":"alipayplus"}}""",
            "return_url", "parameter_missing");
        await AssertInvalid("/v1/payment_intents",
            """{"amount":100,"currency":"HKD","return_url":"not a url"}""", "return_url");
        await AssertInvalid("/v1/payment_intents",
            """{"amount":100,"currency":"HKD","payment_method_options":{"alipayplus":{"terminal_type":"TV"}}}""",
            "payment_method_options[alipayplus][terminal_type]");
        await AssertInvalid("/v1/payment_intents",
            """{"amount":100,"currency":"HKD","metadata":{"a":{"b":1}}}""", "metadata[a]");
        await AssertInvalid("/v1/payment_intents",
            """{"amount":100,"currency":"HKD","payment_method_data":{"type":"card"}}""", "payment_method_data[type]");
        await AssertInvalid("/v1/payment_intents", """{"amount":100,""", null, "invalid_json");
    }

    [Test]
    public async Task Currency_is_case_insensitive_and_echoed_upper_case()
    {
        var reply = (await Api.Post("/v1/payment_intents", IntentBody(currency: "php"))).Expect(200);
        Assert.That(reply.S("currency"), Is.EqualTo("PHP"));
    }

    [Test]
    public async Task Without_confirm_intent_requires_payment_method_then_confirm_gives_redirect()
    {
        var created = (await Api.Post("/v1/payment_intents", """{"amount":500,"currency":"THB","metadata":""" +
            """{"order":"7"},"merchant_order_id":"7","description":"Order 7"}""")).Expect(200);
        Assert.Multiple(() =>
        {
            Assert.That(created.S("status"), Is.EqualTo("requires_payment_method"));
            Assert.That(created.Get("next_action"), Is.Null);
            Assert.That(created.S("metadata.order"), Is.EqualTo("7"));
            Assert.That(created.S("merchant_order_id"), Is.EqualTo("7"));
            Assert.That(created.S("description"), Is.EqualTo("Order 7"));
        });

        var confirmed = (await Api.Post($"/v1/payment_intents/{created.S("id")}/confirm",
            """{"payment_method_data":{"type":"alipayplus"},"return_url":"https://shop.example/r"}""")).Expect(200);
        Assert.That(confirmed.S("status"), Is.EqualTo("requires_action"));
        Assert.That(confirmed.S("next_action.alipayplus_handle_redirect.normalUrl"), Does.Contain(created.S("id")));
    }

    [Test]
    public async Task Wap_and_app_terminal_types_are_accepted()
    {
        foreach (var type in new[] { "WAP", "APP" })
        {
            var body = IntentBody();
            body["payment_method_options"]!["alipayplus"]!["terminal_type"] = type;
            var reply = (await Api.Post("/v1/payment_intents", body)).Expect(200);
            Assert.That(reply.S("payment_method_options.alipayplus.terminal_type"), Is.EqualTo(type));
        }
    }

    [Test]
    public async Task Declined_magic_metadata_gives_402_card_error()
    {
        var reply = (await Api.Post("/v1/payment_intents",
            IntentBody(metadata: new JsonObject { ["sandbox_outcome"] = "card_declined" })))
            .Expect(402);
        Assert.Multiple(() =>
        {
            Assert.That(reply.S("error.type"), Is.EqualTo("card_error"));
            Assert.That(reply.S("error.code"), Is.EqualTo("payment_declined"));
            Assert.That(reply.S("error.payment_intent.status"), Is.EqualTo("requires_payment_method"));
            Assert.That(reply.Get("error.payment_intent.last_payment_error"), Is.Not.Null);
        });
    }

    [Test]
    public async Task Unknown_ids_and_routes_are_404()
    {
        (await Api.Get("/v1/payment_intents/pi_0")).Expect(404);
        (await Api.Get("/v1/refunds/re_0")).Expect(404);
        (await Api.Get("/v1/checkout/sessions/cs_0")).Expect(404);
        (await Api.Get("/v1/webhook_endpoints/we_0")).Expect(404);
        (await Api.Get("/v1/events/evt_0")).Expect(404);
        var route = (await Api.Get("/v1/nothing_here")).Expect(404);
        Assert.That(route.S("error.code"), Is.EqualTo("resource_missing"));
        var refund = (await Api.Post("/v1/refunds", """{"payment_intent":"pi_0"}""")).Expect(404);
        Assert.That(refund.S("error.param"), Is.EqualTo("payment_intent"));
    }

    [Test]
    public async Task Cancel_needs_reason_and_cancelable_state()
    {
        var id = (await CreateIntent()).S("id");
        await AssertInvalid($"/v1/payment_intents/{id}/cancel", "{}", "cancellation_reason", "parameter_missing");
        await AssertInvalid($"/v1/payment_intents/{id}/cancel", """{"cancellation_reason":"bored"}""",
            "cancellation_reason");

        var canceled = (await Api.Post($"/v1/payment_intents/{id}/cancel",
            """{"cancellation_reason":"requested_by_customer"}""")).Expect(200);
        Assert.Multiple(() =>
        {
            Assert.That(canceled.S("status"), Is.EqualTo("canceled"));
            Assert.That(canceled.S("cancellation_reason"), Is.EqualTo("requested_by_customer"));
            Assert.That(canceled.L("canceled_at"), Is.GreaterThan(0));
        });

        var again = (await Api.Post($"/v1/payment_intents/{id}/cancel", """{"cancellation_reason":"duplicate"}"""))
            .Expect(400);
        Assert.That(again.S("error.code"), Is.EqualTo("payment_intent_unexpected_state"));

        var paid = await PaidIntent();
        var paidCancel = (await Api.Post($"/v1/payment_intents/{paid}/cancel",
            """{"cancellation_reason":"duplicate"}""")).Expect(400);
        Assert.That(paidCancel.S("error.code"), Is.EqualTo("payment_intent_unexpected_state"));
    }

    [Test]
    public async Task Intent_owned_by_a_session_cannot_be_canceled()
    {
        var session = (await Api.Post("/v1/checkout/sessions", SeedBodies.CheckoutSessionCreateRequest)).Expect(200);
        var reply = (await Api.Post($"/v1/payment_intents/{session.S("payment_intent")}/cancel",
            """{"cancellation_reason":"abandoned"}"""))
            .Expect(400);
        Assert.That(reply.S("error.code"), Is.EqualTo("payment_intent_unexpected_state"));
    }

    [Test]
    public async Task Checkout_session_validation()
    {
        const string item =
            """{"price_data":{"currency":"{0}","unit_amount":{1},"product_data":{"name":"x"}},"quantity":1}""";
        string Items(params (string Cur, int Amount)[] xs) => "[" +
            string.Join(",", xs.Select(x => item.Replace("{0}", x.Cur).Replace("{1}", x.Amount.ToString()))) + "]";

        await AssertInvalid("/v1/checkout/sessions",
            $$"""{"mode":"payment","success_url":"https://s","line_items":{{Items(("HKD", 100), ("MYR", 100))}}}""",
            "line_items[1][price_data][currency]", "currency_mismatch");
        await AssertInvalid("/v1/checkout/sessions",
            $$"""{"mode":"payment","success_url":"https://s","line_items":{{Items(("HKD", -1))}}}""",
            "line_items[0][price_data][unit_amount]");
        await AssertInvalid("/v1/checkout/sessions",
            $$"""{"mode":"subscription","success_url":"https://s","line_items":{{Items(("HKD", 1))}}}""", "mode");
        await AssertInvalid("/v1/checkout/sessions", $$"""{"mode":"payment","line_items":{{Items(("HKD", 1))}}}""",
            "success_url", "parameter_missing");
        await AssertInvalid("/v1/checkout/sessions",
            """{"mode":"payment","success_url":"https://s","line_items":[]}""", "line_items");

        var ok = (await Api.Post("/v1/checkout/sessions",
            $$"""{"mode":"payment","success_url":"https://s","line_items":{{Items(("hkd", 150), ("HKD", 50))}}}"""))
            .Expect(200);
        Assert.That(ok.L("amount_total"), Is.EqualTo(200));
    }

    [Test]
    public async Task Expire_session_only_when_open()
    {
        var session = (await Api.Post("/v1/checkout/sessions", SeedBodies.CheckoutSessionCreateRequest)).Expect(200);
        var expired = (await Api.Post($"/v1/checkout/sessions/{session.S("id")}/expire")).Expect(200);
        Assert.That(expired.S("status"), Is.EqualTo("expired"));
        var pi = (await Api.Get("/v1/payment_intents/" + session.S("payment_intent"))).Expect(200);
        Assert.That(pi.S("status"), Is.EqualTo("canceled"));
        Assert.That(pi.S("cancellation_reason"), Is.EqualTo("expired"));
        (await Api.Post($"/v1/checkout/sessions/{session.S("id")}/expire")).Expect(400);
        Assert.That(await EventTypesFor(session.S("id")), Does.Contain("checkout.session.expired"));
    }

    [Test]
    public async Task Webhook_endpoint_validation_and_delete()
    {
        await AssertInvalid("/v1/webhook_endpoints", """{"enabled_events":["*"]}""", "url", "parameter_missing");
        await AssertInvalid("/v1/webhook_endpoints", """{"url":"ftp://x","enabled_events":["*"]}""", "url");
        await AssertInvalid("/v1/webhook_endpoints", """{"url":"https://x.example/h"}""", "enabled_events",
            "parameter_missing");
        await AssertInvalid("/v1/webhook_endpoints",
            """{"url":"https://x.example/h","enabled_events":["nope.event"]}""", "enabled_events[0]");

        var created = (await Api.Post("/v1/webhook_endpoints",
            """{"url":"https://x.example/h","enabled_events":["*"]}""")).Expect(200);
        var id = created.S("id");
        (await Api.Get("/v1/webhook_endpoints/" + id)).Expect(200);
        var deleted = (await Api.Delete("/v1/webhook_endpoints/" + id)).Expect(200);
        Assert.That(deleted.Obj.ToJsonString(),
            Is.EqualTo($$"""{"id":"{{id}}","object":"webhook_endpoint","deleted":true}"""));
        (await Api.Get("/v1/webhook_endpoints/" + id)).Expect(404);
    }
}
