using WooshPay.Sandbox.Tests.Support;

namespace WooshPay.Sandbox.Tests;

public sealed class RefundTests : SandboxFixture
{
    // Long enough that "still pending" checks hold on a busy machine; settlement is awaited by polling.
    protected override void Configure(SandboxOptions options) => options.RefundSettleDelay = TimeSpan.FromSeconds(1);

    private Task<Reply> Refund(string pi, object? amount = null, JsonObject? metadata = null)
    {
        var body = new JsonObject { ["payment_intent"] = pi, ["reason"] = "requested_by_customer" };
        if (amount is long l) body["amount"] = l;
        if (amount is int i) body["amount"] = i;
        if (amount is string s) body["amount"] = s;
        if (metadata is not null) body["metadata"] = metadata;
        return Api.Post("/v1/refunds", body);
    }

    private Task<Reply> WaitForStatus(string refundId, string status) =>
        Poll.Until(() => Api.Get("/v1/refunds/" + refundId), r => r.S("status") != "pending",
            $"refund {refundId} to settle")
            .ContinueWith(t =>
            {
                Assert.That(t.Result.S("status"), Is.EqualTo(status), t.Result.Body);
                return t.Result;
            });

    [Test]
    public async Task Partial_refunds_up_to_the_paid_amount_then_refused()
    {
        var pi = await PaidIntent(1000);
        var r1 = (await Refund(pi, 300)).Expect(200);
        Assert.That(r1.L("amount"), Is.EqualTo(300));
        var r2 = (await Refund(pi, "500")).Expect(200);
        Assert.That(r2.L("amount"), Is.EqualTo(500), "numeric string amounts are accepted");
        Assert.That(r2.Get("amount")!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number),
            "answered as an integer");

        var over = (await Refund(pi, 201)).Expect(400);
        Assert.That(over.S("error.code"), Is.EqualTo("amount_too_large"));
        Assert.That(over.S("error.param"), Is.EqualTo("amount"));

        var rest = (await Refund(pi)).Expect(200);
        Assert.That(rest.L("amount"), Is.EqualTo(200), "no amount = what is left");

        var none = (await Refund(pi)).Expect(400);
        Assert.That(none.S("error.code"), Is.EqualTo("charge_already_refunded"));

        foreach (var id in new[] { r1.S("id"), r2.S("id"), rest.S("id") }) await WaitForStatus(id, "succeeded");
        (await Refund(pi, 1)).Expect(400);
    }

    [Test]
    public async Task Full_refund_goes_pending_then_succeeded_with_events()
    {
        var pi = await PaidIntent(750, "MYR");
        var refund = (await Refund(pi)).Expect(200);
        Assert.That(refund.S("status"), Is.EqualTo("pending"));
        Assert.That(refund.S("currency"), Is.EqualTo("MYR"));
        var settled = await WaitForStatus(refund.S("id"), "succeeded");
        Assert.That(settled.Get("failure_reason"), Is.Null);

        var events = await Poll.Until(() => EventTypesFor(refund.S("id")), t => t.Count == 2,
            "two charge.refund.updated events");
        Assert.That(events, Is.All.EqualTo("charge.refund.updated"));
        var latest = (await Api.Get($"/v1/events?type=charge.refund.updated&object_id={refund.S("id")}&limit=1"))
            .Expect(200);
        Assert.That(latest.S("data.0.data.object.status"), Is.EqualTo("succeeded"));
    }

    [Test]
    public async Task Failed_refund_gives_the_amount_back()
    {
        var pi = await PaidIntent(1000);
        var refund = (await Refund(pi, 1000,
            new JsonObject { ["sandbox_outcome"] = "failed", ["sandbox_failure_reason"] = "expired_or_canceled_card" }))
            .Expect(200);
        Assert.That(refund.S("metadata.sandbox_outcome"), Is.EqualTo("failed"));
        (await Refund(pi, 1)).Expect(400); // pending refunds count against the balance

        var failed = await WaitForStatus(refund.S("id"), "failed");
        Assert.That(failed.S("failure_reason"), Is.EqualTo("expired_or_canceled_card"));

        var again = (await Refund(pi, 1000)).Expect(200);
        await WaitForStatus(again.S("id"), "succeeded");
    }

    [Test]
    public async Task Unsucceeded_intent_cannot_be_refunded()
    {
        var pi = (await CreateIntent()).S("id");
        var reply = (await Refund(pi)).Expect(400);
        Assert.That(reply.S("error.code"), Is.EqualTo("payment_intent_unexpected_state"));
        (await Api.Post("/v1/refunds", "{}")).Expect(400);
        var bad = (await Api.Post("/v1/refunds", $$"""{"payment_intent":"{{pi}}","reason":"because"}""")).Expect(400);
        Assert.That(bad.S("error.param"), Is.EqualTo("reason"));
        var zero = (await Refund(await PaidIntent(), 0)).Expect(400);
        Assert.That(zero.S("error.param"), Is.EqualTo("amount"));
    }

    [Test]
    public async Task Listing_an_intents_refunds_returns_each_with_its_metadata()
    {
        // The plugin recognises a refund whose creation answer was lost by the key it put in the metadata.
        var pi = await PaidIntent(1000);
        var other = await PaidIntent(1000);
        var first = (await Refund(pi, 100, new JsonObject { ["refund_key"] = "rk-1", ["order_id"] = "42" }))
            .Expect(200);
        var second = (await Refund(pi, 200, new JsonObject { ["refund_key"] = "rk-2", ["order_id"] = "42" }))
            .Expect(200);
        (await Refund(other, 300, new JsonObject { ["refund_key"] = "rk-other" })).Expect(200);
        var dashboard = (await Admin.Post("/_sandbox/refunds", $$"""{"payment_intent":"{{pi}}","amount":50}"""))
            .Expect(200);

        var list = (await Api.Get($"/v1/refunds?payment_intent={pi}")).Expect(200);
        var data = list.Json["data"]!.AsArray();
        Assert.That(data.Select(r => r!["id"]!.GetValue<string>()),
            Is.EqualTo(new[] { dashboard.S("id"), second.S("id"), first.S("id") }), "only this intent's, newest first");
        Assert.That(data[0]!["metadata"], Is.Null, "a refund made without metadata lists null, as in the seed");
        Assert.That(data[1]!["metadata"]!["refund_key"]!.GetValue<string>(), Is.EqualTo("rk-2"));
        Assert.That(data[2]!["metadata"]!["refund_key"]!.GetValue<string>(), Is.EqualTo("rk-1"));
        Assert.That(data[2]!["metadata"]!["order_id"]!.GetValue<string>(), Is.EqualTo("42"));
        Assert.That(data.Select(r => r!["payment_intent"]!.GetValue<string>()), Is.All.EqualTo(pi));

        // Still there once settled, and paged like every list.
        await WaitForStatus(first.S("id"), "succeeded");
        var page = (await Api.Get($"/v1/refunds?payment_intent={pi}&limit=1&starting_after={second.S("id")}"))
            .Expect(200);
        Assert.That(page.S("data.0.metadata.refund_key"), Is.EqualTo("rk-1"));
        Assert.That(page.S("data.0.status"), Is.EqualTo("succeeded"));
        Assert.That(page.Get("has_more")!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task Dashboard_refund_obeys_the_same_rules()
    {
        var pi = await PaidIntent(500);
        var dash = (await Admin.Post("/_sandbox/refunds", $$"""{"payment_intent":"{{pi}}","amount":400}"""))
            .Expect(200);
        Assert.That(dash.S("status"), Is.EqualTo("pending"));
        (await Admin.Post("/_sandbox/refunds", $$"""{"payment_intent":"{{pi}}","amount":101}""")).Expect(400);
        var list = (await Api.Get($"/v1/refunds?payment_intent={pi}")).Expect(200);
        Assert.That(list.S("data.0.id"), Is.EqualTo(dash.S("id")));
        var settled = (await Admin.Post($"/_sandbox/refunds/{dash.S("id")}/settle")).Expect(200);
        Assert.That(settled.S("status"), Is.EqualTo("succeeded"));
    }
}

public sealed class RefundFailureRateTests : SandboxFixture
{
    protected override void Configure(SandboxOptions options) => options.RefundFailureRate = 1;

    [Test]
    public async Task Configured_failure_rate_fails_refunds()
    {
        var pi = await PaidIntent(300);
        var refund = (await Api.Post("/v1/refunds", $$"""{"payment_intent":"{{pi}}"}""")).Expect(200);
        var settled = await Poll.Until(() => Api.Get("/v1/refunds/" + refund.S("id")),
            r => r.S("status") != "pending", "settlement");
        Assert.That(settled.S("status"), Is.EqualTo("failed"));
        Assert.That(settled.S("failure_reason"), Is.EqualTo("unknown"));
    }
}
