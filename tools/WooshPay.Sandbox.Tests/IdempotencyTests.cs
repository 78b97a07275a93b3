using WooshPay.Sandbox.Tests.Support;

namespace WooshPay.Sandbox.Tests;

public sealed class IdempotencyTests : SandboxFixture
{
    private async Task<int> IntentCount() => (await Api.Get("/v1/payment_intents?limit=100"))
        .Expect(200).Json["data"]!.AsArray().Count;

    [Test]
    public async Task Same_key_and_body_replays_the_first_response_exactly()
    {
        var body = IntentBody().ToJsonString();
        var first = (await Api.Post("/v1/payment_intents", body, "order-1")).Expect(200);
        var second = (await Api.Post("/v1/payment_intents", body, "order-1")).Expect(200);

        Assert.Multiple(async () =>
        {
            Assert.That(second.Body, Is.EqualTo(first.Body));
            Assert.That(second.Header("Idempotent-Replayed"), Is.EqualTo("true"));
            Assert.That(first.Header("Idempotent-Replayed"), Is.Null);
            Assert.That(await IntentCount(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Whitespace_does_not_make_a_different_body()
    {
        var first = (await Api.Post("/v1/payment_intents", """{"amount":100,"currency":"HKD"}""", "k")).Expect(200);
        var second = (await Api.Post("/v1/payment_intents", "{ \"amount\": 100,\n \"currency\": \"HKD\" }", "k"))
            .Expect(200);
        Assert.That(second.S("id"), Is.EqualTo(first.S("id")));
    }

    [Test]
    public async Task Same_key_with_different_body_is_409_idempotency_error()
    {
        (await Api.Post("/v1/payment_intents", IntentBody(amount: 100), "order-2")).Expect(200);
        var conflict = (await Api.Post("/v1/payment_intents", IntentBody(amount: 101), "order-2")).Expect(409);
        Assert.That(conflict.S("error.type"), Is.EqualTo("idempotency_error"));
        Assert.That(await IntentCount(), Is.EqualTo(1));
    }

    [Test]
    public async Task Errors_are_replayed_too()
    {
        var first = (await Api.Post("/v1/payment_intents", """{"amount":-1,"currency":"HKD"}""", "bad")).Expect(400);
        var second = (await Api.Post("/v1/payment_intents", """{"amount":-1,"currency":"HKD"}""", "bad")).Expect(400);
        Assert.That(second.Body, Is.EqualTo(first.Body));
        Assert.That(second.Header("Idempotent-Replayed"), Is.EqualTo("true"));
    }

    [Test]
    public async Task Keys_are_scoped_per_secret_key()
    {
        var mine = (await Api.Post("/v1/payment_intents", IntentBody(), "shared-key")).Expect(200);
        var other = ApiFor(NewSecretKey());
        var theirs = (await other.Post("/v1/payment_intents", IntentBody(), "shared-key")).Expect(200);
        Assert.That(theirs.S("id"), Is.Not.EqualTo(mine.S("id")));
        Assert.That(theirs.Header("Idempotent-Replayed"), Is.Null);
    }

    [Test]
    public async Task Concurrent_requests_with_one_key_create_one_object()
    {
        var body = IntentBody().ToJsonString();
        var replies = await Task.WhenAll(
            Enumerable.Range(0, 25).Select(_ => Api.Post("/v1/payment_intents", body, "race-key")));

        Assert.That(replies.Select(r => r.Code), Is.All.EqualTo(200));
        Assert.That(replies.Select(r => r.S("id")).Distinct().Count(), Is.EqualTo(1));
        Assert.That(replies.Count(r => r.Header("Idempotent-Replayed") is null), Is.EqualTo(1));
        Assert.That(await IntentCount(), Is.EqualTo(1));
    }

    [Test]
    public async Task Refund_retries_with_one_key_refund_once()
    {
        var pi = await PaidIntent(1000);
        var body = $$"""{"payment_intent":"{{pi}}","amount":300}""";
        var replies = await Task.WhenAll(
            Enumerable.Range(0, 10).Select(_ => Api.Post("/v1/refunds", body, "refund-1")));
        Assert.That(replies.Select(r => r.S("id")).Distinct().Count(), Is.EqualTo(1));
        var list = (await Api.Get($"/v1/refunds?payment_intent={pi}")).Expect(200);
        Assert.That(list.Json["data"]!.AsArray().Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_same_key_call_while_the_first_is_in_flight_is_409_when_the_account_asks_for_conflict()
    {
        var pi = await PaidIntent(1000);
        await OwnFaults("""{"processing_delay_ms":1500""" +
            ""","only_method":"POST","only_path":"/v1/refunds","same_key_in_flight":"conflict"}""");
        var body = $$"""{"payment_intent":"{{pi}}","amount":300}""";

        var first = Api.Post("/v1/refunds", body, "refund-in-flight");
        await Task.Delay(300);
        var second = await Api.Post("/v1/refunds", body, "refund-in-flight");
        Assert.That(first.IsCompleted, Is.False, "the first call is still held");

        second.Expect(409);
        Assert.That(second.S("error.type"), Is.EqualTo("idempotency_error"));
        Assert.That(second.S("error.code"), Is.EqualTo("idempotency_key_in_use"));
        Assert.That(second.S("error.message"), Does.Contain("in-progress"));

        var made = (await first).Expect(200);
        var retry = (await Api.Post("/v1/refunds", body, "refund-in-flight")).Expect(200);
        Assert.That(retry.S("id"), Is.EqualTo(made.S("id")));
        Assert.That(retry.Header("Idempotent-Replayed"), Is.EqualTo("true"));
        var list = (await Api.Get($"/v1/refunds?payment_intent={pi}")).Expect(200);
        Assert.That(list.Json["data"]!.AsArray().Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_same_key_call_while_the_first_is_in_flight_waits_and_gets_its_answer_by_default()
    {
        await OwnFaults("""{"processing_delay_ms":800,"only_path":"/v1/payment_intents"}""");
        var body = IntentBody().ToJsonString();

        var first = Api.Post("/v1/payment_intents", body, "held");
        await Task.Delay(200);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var second = (await Api.Post("/v1/payment_intents", body, "held")).Expect(200);

        Assert.That(clock.ElapsedMilliseconds, Is.GreaterThan(300), "the second waited for the held first");
        Assert.That(second.S("id"), Is.EqualTo((await first).Expect(200).S("id")));
        Assert.That(second.Header("Idempotent-Replayed"), Is.EqualTo("true"));
        Assert.That(await IntentCount(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_processing_delay_holds_only_the_calls_it_names()
    {
        await OwnFaults("""{"processing_delay_ms":1000,"only_method":"POST","only_path":"/v1/refunds"}""");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await CreateIntent();
        (await Api.Get("/v1/refunds")).Expect(200);
        Assert.That(clock.ElapsedMilliseconds, Is.LessThan(900));
    }

    [Test]
    public async Task Per_key_fault_settings_leave_other_keys_alone_and_can_be_removed()
    {
        await OwnFaults("""{"fail_429_rate":1}""");
        var other = ApiFor(NewSecretKey());

        (await Api.Get("/v1/payment_intents")).Expect(429);
        (await other.Get("/v1/payment_intents")).Expect(200);
        Assert.That((await Admin.Get($"/_sandbox/faults/{Key}")).Expect(200).Get("fail_429_rate")!.GetValue<double>(),
            Is.EqualTo(1));
        Assert.That(
            (await Admin.Get("/_sandbox/faults")).Expect(200).Get("fail_429_rate")!.GetValue<double>(), Is.EqualTo(0));

        var removed = (await Admin.Delete($"/_sandbox/faults/{Key}")).Expect(200);
        Assert.That(removed.Get("deleted")!.GetValue<bool>(), Is.True);
        (await Api.Get("/v1/payment_intents")).Expect(200);
    }
}
