using WooshPay.Sandbox.Tests.Support;

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
        Assert.That(list.Select(p => p!["metadata"]!["order_id"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(orders));
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
}
