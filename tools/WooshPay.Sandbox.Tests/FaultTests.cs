using WooshPay.Sandbox.Tests.Support;
using WooshPay.Seed;

namespace WooshPay.Sandbox.Tests;

/// <summary>Injected API faults, the admin fault endpoint and reset. Runs on its own sandbox.</summary>
public sealed class FaultTests : SandboxFixture
{
    [SetUp]
    public void CleanFaults() => Sandbox.Faults.Replace(new Faults.FaultSettings());

    [TearDown]
    public void FaultsOff() => Sandbox.Faults.Replace(new Faults.FaultSettings());

    private async Task SetFaults(string json) => (await Admin.Post("/_sandbox/faults", json)).Expect(200);

    [Test]
    public void A_sandbox_started_with_an_out_of_range_fault_refuses_to_start()
    {
        var options = new SandboxOptions { Faults = new Faults.FaultSettings { Fail5xxRate = 3 } };

        var refused = Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(options));

        Assert.That(refused!.Message, Does.Contain("fail_5xx_rate"));
    }

    [Test]
    public async Task Server_error_after_processing_then_retry_with_same_key_yields_one_object()
    {
        var replays = 0;
        var befores = 0;
        const int orders = 8;
        for (var i = 0; i < orders; i++)
        {
            var key = $"order-{i}";
            var body = IntentBody(metadata: new JsonObject { ["order_id"] = key }).ToJsonString();
            await SetFaults($$"""{"fail_5xx_rate":1,"seed":{{i}}}""");
            var lost = await Api.Post("/v1/payment_intents", body, key);
            Assert.That(lost.Code, Is.AnyOf(500, 502, 503));
            Assert.That(lost.S("error.type"), Is.EqualTo("api_error"));

            await SetFaults("{}");
            var retry = (await Api.Post("/v1/payment_intents", body, key)).Expect(200);
            if (retry.Header("Idempotent-Replayed") == "true") replays++;
            else befores++;
            var retry2 = (await Api.Post("/v1/payment_intents", body, key)).Expect(200);
            Assert.That(retry2.S("id"), Is.EqualTo(retry.S("id")));
        }

        Assert.That(replays, Is.GreaterThan(0), "some faults struck after processing");
        Assert.That(befores, Is.GreaterThan(0), "some faults struck before processing");

        var list = (await Api.Get("/v1/payment_intents?limit=100")).Expect(200).Json["data"]!.AsArray();
        Assert.That(list.Count, Is.EqualTo(orders), "exactly one intent per order");
        Assert.That(list.Select(p => p!["metadata"]!["order_id"]!.GetValue<string>()).Distinct().Count(),
            Is.EqualTo(orders));
    }

    [Test]
    public async Task Undocumented_event_types_can_be_refused_as_WooshPay_may()
    {
        const string sessions = """{"url":"https://h.example/x","enabled_events":""" +
            """["payment_intent.succeeded","checkout.session.completed"]}""";
        (await Api.Post("/v1/webhook_endpoints", sessions)).Expect(200);

        await SetFaults("""{"refuse_undocumented_events":true}""");

        var refused = await Api.Post("/v1/webhook_endpoints", sessions);
        Assert.That(refused.Code, Is.EqualTo(400));
        Assert.That(refused.S("error.param"), Is.EqualTo("enabled_events[1]"));
        Assert.That(refused.S("error.message"), Does.Contain("checkout.session.completed"));
        (await Api.Post("/v1/webhook_endpoints",
            """{"url":"https://h.example/y","enabled_events":["payment_intent.succeeded","charge.dispute.updated"]}"""))
            .Expect(200);
    }

    [Test]
    public async Task Rate_limit_answers_429_with_retry_after()
    {
        await SetFaults("""{"fail_429_rate":1,"retry_after_seconds":3}""");
        var reply = (await Api.Get("/v1/payment_intents")).Expect(429);
        Assert.That(reply.Header("Retry-After"), Is.EqualTo("3"));
        Assert.That(reply.S("error.code"), Is.EqualTo("rate_limit"));

        // Never on admin endpoints or hosted pages.
        (await Admin.Get("/_sandbox/state")).Expect(200);
        (await Admin.Get("/hosted/alipayplus/pi_0")).Expect(404);
    }

    [Test]
    public async Task Timeout_hangs_then_504s_or_drops_the_connection()
    {
        await SetFaults("""{"timeout_rate":1,"timeout_ms":150,"seed":1}""");
        var outcomes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            try
            {
                var reply = await Api.Get("/v1/payment_intents");
                outcomes.Add(reply.Code.ToString());
            }
            catch (HttpRequestException)
            {
                outcomes.Add("aborted");
            }
        }

        Assert.That(outcomes, Is.All.AnyOf("504", "aborted"));
    }

    [Test]
    public async Task Latency_applies_and_settings_read_back_snake_case()
    {
        await SetFaults("""{"latency_ms":50}""");
        (await Api.Get("/v1/payment_intents")).Expect(200);
        var read = (await Admin.Get("/_sandbox/faults")).Expect(200);
        Assert.That(read.L("latency_ms"), Is.EqualTo(50));
        Assert.That(read.Obj.ContainsKey("fail_5xx_rate"), Is.True);
        Assert.That(read.Obj.ContainsKey("webhook_duplicate_rate"), Is.True);
    }

    [Test]
    public async Task Invalid_fault_settings_are_400()
    {
        (await Admin.Post("/_sandbox/faults", """{"fail_5xx_rate":2}""")).Expect(400);
        (await Admin.Post("/_sandbox/faults", """{"fail_phase":"during"}""")).Expect(400);
        (await Admin.Post("/_sandbox/faults", """{"same_key_in_flight":"replay"}""")).Expect(400);
        (await Admin.Post("/_sandbox/faults", """{"same_key_completed":"wait"}""")).Expect(400);
        (await Admin.Post("/_sandbox/faults", """{"webhook_retry_timestamp":"later"}""")).Expect(400);
        (await Admin.Post($"/_sandbox/faults/{Key}", """{"fault_limit":-1}""")).Expect(400);
        (await Admin.Post("/_sandbox/faults", """{"no_such_fault":1}""")).Expect(400);
        (await Admin.Post("/_sandbox/faults", """{"fail_5xx_rate":0.6,"fail_429_rate":0.6}""")).Expect(400);
    }

    [Test]
    public async Task Reset_clears_state_and_faults()
    {
        var id = (await CreateIntent()).S("id");
        await SetFaults("""{"latency_ms":5}""");
        (await Admin.Post("/_sandbox/reset")).Expect(200);
        (await Api.Get("/v1/payment_intents/" + id)).Expect(404);
        Assert.That((await Admin.Get("/_sandbox/faults")).Expect(200).L("latency_ms"), Is.EqualTo(0));
        var state = (await Admin.Get("/_sandbox/state")).Expect(200);
        Assert.That(state.Json["payment_intents"]!.AsArray(), Is.Empty);
    }

    private Task<Reply> KeyedRefund(string pi, string key) =>
        Api.Post("/v1/refunds", new JsonObject
        {
            ["payment_intent"] = pi,
            ["amount"] = 400,
            ["metadata"] = new JsonObject { ["refund_key"] = key },
        }, key);

    private async Task<JsonArray> RefundsOf(string pi) =>
        (await Api.Get($"/v1/refunds?payment_intent={pi}")).Expect(200).Json["data"]!.AsArray();

    [Test]
    public async Task A_refund_made_whose_answer_is_lost_is_replayed_to_a_same_key_retry()
    {
        var pi = await PaidIntent(1000);
        // Only the refund call fails, once, and always after the refund exists; the list call stays clean.
        await OwnFaults("""{"fail_5xx_rate":1,"fail_phase":"after","fault_limit":1""" +
            ""","only_method":"POST","only_path":"/v1/refunds"}""");

        var lost = await KeyedRefund(pi, "shop-refund-1");
        Assert.That(lost.Code, Is.AnyOf(500, 502, 503));
        Assert.That(lost.S("error.type"), Is.EqualTo("api_error"));

        var made = await RefundsOf(pi);
        Assert.That(made.Count, Is.EqualTo(1), "the refund was made although its answer was lost");
        Assert.That(made[0]!["metadata"]!["refund_key"]!.GetValue<string>(), Is.EqualTo("shop-refund-1"));

        var retry = (await KeyedRefund(pi, "shop-refund-1")).Expect(200);
        Assert.That(retry.Header("Idempotent-Replayed"), Is.EqualTo("true"));
        Assert.That(retry.S("id"), Is.EqualTo(made[0]!["id"]!.GetValue<string>()));
        Assert.That((await RefundsOf(pi)).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_refund_made_whose_connection_is_dropped_exists_all_the_same()
    {
        var pi = await PaidIntent(1000);
        await OwnFaults(
            """{"timeout_rate":1,"timeout_ms":100,"timeout_outcome":"drop","fail_phase":"after","fault_limit":1""" +
            ""","only_method":"POST","only_path":"/v1/refunds"}""");

        Assert.ThrowsAsync<HttpRequestException>(() => KeyedRefund(pi, "shop-refund-2"));

        Assert.That((await RefundsOf(pi)).Count, Is.EqualTo(1));
        (await KeyedRefund(pi, "shop-refund-2")).Expect(200);
        Assert.That((await RefundsOf(pi)).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_fault_before_processing_makes_nothing()
    {
        var pi = await PaidIntent(1000);
        await OwnFaults("""
            {"timeout_rate":1,"timeout_ms":50,"timeout_outcome":"gateway_timeout","fail_phase":"before",
            "only_method":"POST","only_path":"/v1/refunds"}
            """);

        (await KeyedRefund(pi, "shop-refund-3")).Expect(504);
        Assert.That(await RefundsOf(pi), Is.Empty);
    }

    [TestCase("conflict", 409, "idempotency_error")]
    [TestCase("bad_request", 400, "invalid_request_error")]
    public async Task A_same_key_retry_after_a_lost_answer_can_be_refused_instead_of_replayed(string mode,
        int status, string type)
    {
        var pi = await PaidIntent(1000);
        await OwnFaults("""{"fail_5xx_rate":1,"fail_phase":"after","fault_limit":1""" +
            $$""","only_method":"POST","only_path":"/v1/refunds","same_key_completed":"{{mode}}"}""");
        Assert.That((await KeyedRefund(pi, "shop-refund-4")).Code, Is.AnyOf(500, 502, 503));

        var refused = (await KeyedRefund(pi, "shop-refund-4")).Expect(status);
        Assert.That(refused.S("error.type"), Is.EqualTo(type));
        Assert.That(refused.S("error.code"), Is.EqualTo("idempotency_key_reused"));

        // What is left to the caller: find its refund by the key it stored in the metadata.
        var listed = await RefundsOf(pi);
        Assert.That(listed.Select(r => r!["metadata"]!["refund_key"]!.GetValue<string>()),
            Is.EqualTo(new[] { "shop-refund-4" }));
    }

    [Test]
    public async Task
        An_intent_created_with_no_redirect_url_in_its_answer_exists_and_a_same_key_retry_gets_the_same_answer()
    {
        await OwnFaults("""{"create_answer":"no_redirect_url"}""");
        var body = IntentBody().ToJsonString();

        var answer = (await Api.Post("/v1/payment_intents", body, "order-unusable-1")).Expect(200);
        var replay = (await Api.Post("/v1/payment_intents", body, "order-unusable-1")).Expect(200);

        Assert.That(answer.Json["next_action"], Is.Null);
        Assert.That(answer.S("status"), Is.EqualTo("requires_action"));
        Assert.That(replay.Header("Idempotent-Replayed"), Is.EqualTo("true"));
        Assert.That(replay.Json["next_action"], Is.Null, "the stored answer is the one sent");
        // The intent is real: it can be read (with its cashier) and cancelled.
        var read = (await Api.Get($"/v1/payment_intents/{answer.S("id")}")).Expect(200);
        Assert.That(read.S("next_action.alipayplus_handle_redirect.normalUrl"), Is.Not.Null);
    }

    [Test]
    public async Task A_session_created_with_no_url_or_as_another_object_says_so_in_its_answer_only()
    {
        await OwnFaults("""{"create_answer":"no_redirect_url"}""");
        var noUrl = (await Api.Post("/v1/checkout/sessions", SeedBodies.CheckoutSessionCreateRequest)).Expect(200);
        await OwnFaults("""{"create_answer":"unexpected_object"}""");
        var other = (await Api.Post("/v1/checkout/sessions", SeedBodies.CheckoutSessionCreateRequest)).Expect(200);
        var intent = (await Api.Post("/v1/payment_intents", IntentBody())).Expect(200);
        await OwnFaults("{}");

        Assert.That(noUrl.Json["url"], Is.Null);
        Assert.That(other.S("object"), Is.EqualTo("payment_intent"));
        Assert.That(intent.S("object"), Is.EqualTo("checkout.session"));
        Assert.That((await Api.Get($"/v1/checkout/sessions/{noUrl.S("id")}")).Expect(200).S("url"), Is.Not.Null);
        Assert.That((await Api.Get($"/v1/checkout/sessions/{other.S("id")}")).Expect(200).S("object"),
            Is.EqualTo("checkout.session"));
    }

    [Test]
    public async Task An_unknown_create_answer_is_refused()
    {
        (await Admin.Post($"/_sandbox/faults/{Key}", """{"create_answer":"garbage"}""")).Expect(400);
    }

    [Test]
    public async Task Reset_forgets_per_key_faults()
    {
        await OwnFaults("""{"fail_429_rate":1}""");
        (await Admin.Post("/_sandbox/reset")).Expect(200);
        (await Api.Get("/v1/payment_intents")).Expect(200);
    }
}
