using WooshPay.Sandbox.Tests.Support;
using WooshPay.Seed;

namespace WooshPay.Sandbox.Tests;

public sealed class PagingTests : SandboxFixture
{
    private static List<string> Ids(Reply r) =>
        r.Json["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).ToList();

    [Test]
    public async Task Lists_page_newest_first_in_both_directions()
    {
        var created = new List<string>();
        for (var i = 0; i < 25; i++) created.Add((await CreateIntent(100 + i, confirm: false)).S("id"));
        var newestFirst = Enumerable.Reverse(created).ToList();

        var first = (await Api.Get("/v1/payment_intents")).Expect(200);
        Assert.Multiple(() =>
        {
            Assert.That(first.S("object"), Is.EqualTo("list"));
            Assert.That(first.S("url"), Is.EqualTo("/v1/payment_intents"));
            Assert.That(first.Get("has_more")!.GetValue<bool>(), Is.True);
            Assert.That(Ids(first), Is.EqualTo(newestFirst.Take(10)));
        });

        var walked = new List<string>();
        string? after = null;
        while (true)
        {
            var page = (await Api.Get("/v1/payment_intents?limit=7" +
                (after is null ? "" : "&starting_after=" + after))).Expect(200);
            walked.AddRange(Ids(page));
            if (!page.Get("has_more")!.GetValue<bool>()) break;
            after = walked[^1];
        }

        Assert.That(walked, Is.EqualTo(newestFirst));

        var before = (await Api.Get($"/v1/payment_intents?limit=5&ending_before={newestFirst[12]}")).Expect(200);
        Assert.That(Ids(before), Is.EqualTo(newestFirst.Skip(7).Take(5)));
        Assert.That(before.Get("has_more")!.GetValue<bool>(), Is.True);

        var top = (await Api.Get($"/v1/payment_intents?limit=5&ending_before={newestFirst[3]}")).Expect(200);
        Assert.That(Ids(top), Is.EqualTo(newestFirst.Take(3)));
        Assert.That(top.Get("has_more")!.GetValue<bool>(), Is.False);

        var all = (await Api.Get("/v1/payment_intents?limit=100")).Expect(200);
        Assert.That(Ids(all), Has.Count.EqualTo(25));
        Assert.That(all.Get("has_more")!.GetValue<bool>(), Is.False);
    }

    [TestCase("limit=0")]
    [TestCase("limit=101")]
    [TestCase("limit=abc")]
    [TestCase("starting_after=pi_0")]
    [TestCase("starting_after=pi_0&ending_before=pi_1")]
    public async Task Bad_paging_parameters_are_400(string query)
    {
        var reply = (await Api.Get("/v1/payment_intents?" + query)).Expect(400);
        Assert.That(reply.S("error.type"), Is.EqualTo("invalid_request_error"));
        Assert.That(reply.Get("error.param"), Is.Not.Null);
    }

    [Test]
    public async Task Every_list_endpoint_pages()
    {
        var pi = await PaidIntent(1000);
        for (var i = 0; i < 3; i++)
            (await Api.Post("/v1/refunds", $$"""{"payment_intent":"{{pi}}","amount":10}""")).Expect(200);
        for (var i = 0; i < 3; i++)
            (await Api.Post("/v1/webhook_endpoints",
                """{"url":"https://h.example/x","enabled_events":["charge.refund.updated"]}""")).Expect(200);
        for (var i = 0; i < 3; i++)
            (await Api.Post("/v1/checkout/sessions", SeedBodies.CheckoutSessionCreateRequest)).Expect(200);

        foreach (var path in new[] { "/v1/refunds", $"/v1/refunds?payment_intent={pi}&", "/v1/webhook_endpoints",
            "/v1/checkout/sessions", "/v1/events" })
        {
            var sep = path.EndsWith('&') ? "" : "?";
            var page = (await Api.Get(path + sep + "limit=2")).Expect(200);
            Assert.That(Ids(page), Has.Count.EqualTo(2), path);
            Assert.That(page.Get("has_more")!.GetValue<bool>(), Is.True, path);
            var next = (await Api.Get(path + sep + "limit=2&starting_after=" + Ids(page)[1])).Expect(200);
            Assert.That(Ids(next).Intersect(Ids(page)), Is.Empty, path);
        }
    }
}
