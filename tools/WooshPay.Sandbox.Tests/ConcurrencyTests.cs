using WooshPay.Sandbox.Tests.Support;

namespace WooshPay.Sandbox.Tests;

/// <summary>Hundreds of concurrent calls keep the state consistent.</summary>
public sealed class ConcurrencyTests : SandboxFixture
{
    [Test]
    public async Task Many_concurrent_creates_stay_consistent()
    {
        const int count = 150;
        var replies = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Api.Post("/v1/payment_intents",
                IntentBody(amount: 100 + i, metadata: new JsonObject { ["n"] = i.ToString() }), $"create-{i}")));

        Assert.That(replies.Select(r => r.Code), Is.All.EqualTo(200));
        var ids = replies.Select(r => r.S("id")).ToList();
        Assert.That(ids.Distinct().Count(), Is.EqualTo(count));
        for (var i = 0; i < count; i++) Assert.That(replies[i].L("amount"), Is.EqualTo(100 + i));

        var listed = new List<string>();
        string? after = null;
        do
        {
            var page = (await Api.Get("/v1/payment_intents?limit=100" +
                (after is null ? "" : "&starting_after=" + after))).Expect(200);
            listed.AddRange(page.Json["data"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
            after = page.Get("has_more")!.GetValue<bool>() ? listed[^1] : null;
        } while (after is not null);

        Assert.That(listed, Is.EquivalentTo(ids));

        var state = (await Admin.Get("/_sandbox/state")).Expect(200);
        var mine =
            state.Json["payment_intents"]!.AsArray().Where(p => ids.Contains(p!["id"]!.GetValue<string>())).ToList();
        Assert.That(mine, Has.Count.EqualTo(count));
        var events = (await Api.Get("/v1/events?type=payment_intent.created&limit=100")).Expect(200);
        Assert.That(events.Get("has_more")!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Concurrent_partial_refunds_never_exceed_the_paid_amount()
    {
        var pi = await PaidIntent(1000);
        var replies = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            Api.Post("/v1/refunds", $$"""{"payment_intent":"{{pi}}","amount":100}""")));

        Assert.That(replies.Count(r => r.Code == 200), Is.EqualTo(10));
        Assert.That(replies.Where(r => r.Code != 200).Select(r => r.S("error.code")),
            Is.All.AnyOf("amount_too_large", "charge_already_refunded"));
    }

    [Test]
    public async Task Concurrent_pay_and_cancel_have_exactly_one_winner()
    {
        for (var round = 0; round < 10; round++)
        {
            var pi = (await CreateIntent()).S("id");
            var replies = await Task.WhenAll(
                Admin.Post($"/_sandbox/payment_intents/{pi}/pay"),
                Api.Post($"/v1/payment_intents/{pi}/cancel", """{"cancellation_reason":"duplicate"}"""),
                Admin.Post($"/_sandbox/payment_intents/{pi}/fail"));
            Assert.That(replies.Count(r => r.Code == 200), Is.GreaterThanOrEqualTo(1));
            var final = (await Api.Get("/v1/payment_intents/" + pi)).Expect(200).S("status");
            var types = await EventTypesFor(pi);
            Assert.That(types.Count(t => t is "payment_intent.succeeded" or "payment_intent.canceled"),
                Is.LessThanOrEqualTo(1));
            if (final == "succeeded") Assert.That(types[^1], Is.EqualTo("payment_intent.succeeded"));
        }
    }
}
