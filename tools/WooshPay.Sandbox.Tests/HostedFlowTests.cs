using System.Web;
using WooshPay.Sandbox.Tests.Support;
using WooshPay.Seed;

namespace WooshPay.Sandbox.Tests;

/// <summary>Hosted cashier and session pages: wallets, buttons, transitions, events and redirects.</summary>
public sealed class HostedFlowTests : SandboxFixture
{
    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    private async Task<Reply> Press(string normalUrl, string button, string? wallet = null)
    {
        var form = wallet is null ? null : new FormUrlEncodedContent([new("wallet", wallet)]);
        using var request = new HttpRequestMessage(HttpMethod.Post, PathOf(normalUrl).TrimStart('/') + "/" + button)
        {
            Content = form
        };
        using var response = await Admin.Http.SendAsync(request);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers,
            response.Content.Headers);
    }

    [TestCase("IDR", new[] { "DANA" })]
    [TestCase("HKD", new[] { "AlipayHK" })]
    [TestCase("MYR", new[] { "TNG", "Boost" })]
    [TestCase("PHP", new[] { "GCash", "BPI", "AkulakuPayLater" })]
    [TestCase("THB", new[] { "RabbitLINEPay" })]
    [TestCase("CNY", new[] { "Alipay" })]
    [TestCase("GBP", new[] { "AlipayPlus" })]
    public async Task Cashier_offers_the_wallets_of_the_currency(string currency, string[] wallets)
    {
        var pi = await CreateIntent(123456, currency);
        var page = (await Admin.Get(PathOf(pi.S("next_action.alipayplus_handle_redirect.normalUrl")))).Expect(200);
        Assert.Multiple(() =>
        {
            Assert.That(page.Header("Content-Type"), Does.StartWith("text/html"));
            Assert.That(page.Body, Does.Contain($"{currency} 1,234.56"));
            foreach (var w in wallets) Assert.That(page.Body, Does.Contain($"data-testid=\"wallet-{w}\""));
            Assert.That(System.Text.RegularExpressions.Regex.Matches(page.Body, "data-testid=\"wallet-").Count,
                Is.EqualTo(wallets.Length));
            foreach (var b in new[] { "pay", "fail", "cancel" })
                Assert.That(page.Body, Does.Contain($"data-testid=\"{b}\""));
            Assert.That(page.Body, Does.Not.Contain("<script src").And.Not.Contain("<link"));
        });
    }

    [Test]
    public async Task Pay_succeeds_and_redirects_to_return_url_keeping_its_query()
    {
        // IDR 50,000.00: DANA takes IDR 300 to 10,000,000 in one payment.
        var pi = await CreateIntent(5_000_000, "IDR");
        var normalUrl = pi.S("next_action.alipayplus_handle_redirect.normalUrl");

        var redirect = (await Press(normalUrl, "pay", "DANA")).Expect(303);
        var location = new Uri(redirect.Header("Location")!);
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.Multiple(() =>
        {
            Assert.That(location.GetLeftPart(UriPartial.Path), Is.EqualTo("https://merchant.example/return"));
            Assert.That(query["order"], Is.EqualTo("42"));
            Assert.That(query["payment_intent"], Is.EqualTo(pi.S("id")));
            Assert.That(query["payment_intent_client_secret"], Is.EqualTo(pi.S("client_secret")));
            Assert.That(query["redirect_status"], Is.EqualTo("succeeded"));
        });

        var after = (await Api.Get("/v1/payment_intents/" + pi.S("id"))).Expect(200);
        Assert.That(after.S("status"), Is.EqualTo("succeeded"));
        Assert.That(after.L("amount_received"), Is.EqualTo(5_000_000));
        Assert.That(after.Get("next_action"), Is.Null);
        Assert.That(await EventTypesFor(pi.S("id")),
            Is.EqualTo(
                new[] { "payment_intent.created", "payment_intent.requires_action", "payment_intent.succeeded" }));

        var page = (await Admin.Get(PathOf(normalUrl))).Expect(200);
        Assert.That(page.Body, Does.Not.Contain("data-testid=\"pay\""));
        Assert.That(page.Body, Does.Contain("data-testid=\"status\"").And.Contain("succeeded"));

        var again = (await Press(normalUrl, "pay")).Expect(409);
        Assert.That(again.Body, Does.Not.Contain("data-testid=\"pay\""));
    }

    [Test]
    public async Task Fail_returns_to_requires_payment_method_with_last_payment_error()
    {
        var pi = await CreateIntent();
        var redirect = (await Press(pi.S("next_action.alipayplus_handle_redirect.normalUrl"), "fail")).Expect(303);
        Assert.That(HttpUtility.ParseQueryString(new Uri(redirect.Header("Location")!).Query)["redirect_status"],
            Is.EqualTo("failed"));

        var after = (await Api.Get("/v1/payment_intents/" + pi.S("id"))).Expect(200);
        Assert.That(after.S("status"), Is.EqualTo("requires_payment_method"));
        Assert.That(after.S("last_payment_error.code"), Is.EqualTo("payment_declined"));
        Assert.That(await EventTypesFor(pi.S("id")), Does.Contain("payment_intent.payment_failed"));

        // It can be confirmed again and then paid.
        (await Api.Post($"/v1/payment_intents/{pi.S("id")}/confirm", "{}")).Expect(200);
        (await Admin.Post($"/_sandbox/payment_intents/{pi.S("id")}/pay")).Expect(200);
    }

    [Test]
    public async Task Cancel_cancels_as_abandoned()
    {
        var pi = await CreateIntent();
        var redirect = (await Press(pi.S("next_action.alipayplus_handle_redirect.normalUrl"), "cancel")).Expect(303);
        Assert.That(HttpUtility.ParseQueryString(new Uri(redirect.Header("Location")!).Query)["redirect_status"],
            Is.EqualTo("canceled"));

        var after = (await Api.Get("/v1/payment_intents/" + pi.S("id"))).Expect(200);
        Assert.That(after.S("status"), Is.EqualTo("canceled"));
        Assert.That(after.S("cancellation_reason"), Is.EqualTo("abandoned"));
        Assert.That(await EventTypesFor(pi.S("id")), Does.Contain("payment_intent.canceled"));
    }

    [Test]
    public async Task Return_url_fragment_is_kept_after_the_query()
    {
        var body = IntentBody(returnUrl: "https://merchant.example/r#top");
        var pi = (await Api.Post("/v1/payment_intents", body)).Expect(200);
        var redirect = (await Press(pi.S("next_action.alipayplus_handle_redirect.normalUrl"), "pay")).Expect(303);
        Assert.That(redirect.Header("Location"),
            Does.StartWith("https://merchant.example/r?payment_intent=").And.EndWith("redirect_status=succeeded#top"));
    }

    [Test]
    public async Task Admin_shortcuts_answer_the_resulting_object()
    {
        var a = (await CreateIntent()).S("id");
        var paid = (await Admin.Post($"/_sandbox/payment_intents/{a}/pay", """{"wallet":"AlipayHK"}""")).Expect(200);
        Assert.That(paid.S("status"), Is.EqualTo("succeeded"));
        var twice = (await Admin.Post($"/_sandbox/payment_intents/{a}/pay")).Expect(400);
        Assert.That(twice.S("error.code"), Is.EqualTo("payment_intent_unexpected_state"));

        var b = (await CreateIntent()).S("id");
        Assert.That((await Admin.Post($"/_sandbox/payment_intents/{b}/fail")).Expect(200).S("status"),
            Is.EqualTo("requires_payment_method"));

        var c = (await CreateIntent()).S("id");
        var canceled = (await Admin.Post($"/_sandbox/payment_intents/{c}/cancel")).Expect(200);
        Assert.That(canceled.S("cancellation_reason"), Is.EqualTo("abandoned"));

        var d = (await CreateIntent()).S("id");
        var expired = (await Admin.Post($"/_sandbox/payment_intents/{d}/expire")).Expect(200);
        Assert.That(expired.S("status"), Is.EqualTo("canceled"));
        Assert.That(expired.S("cancellation_reason"), Is.EqualTo("expired"));

        (await Admin.Post("/_sandbox/payment_intents/pi_0/pay")).Expect(404);
    }

    [Test]
    public async Task Session_page_pays_and_redirects_to_success_url_with_session_id()
    {
        var body = JsonNode.Parse(SeedBodies.CheckoutSessionCreateRequest)!.AsObject();
        body["success_url"] = "https://shop.example/ok?cs={CHECKOUT_SESSION_ID}";
        body["cancel_url"] = "https://shop.example/cancel";
        body["client_reference_id"] = "order-77";
        body["metadata"] = new JsonObject { ["order"] = "77" };
        body["payment_intent_data"] = new JsonObject { ["metadata"] = new JsonObject { ["order_id"] = "77" } };
        var session = (await Api.Post("/v1/checkout/sessions", body)).Expect(200);
        var id = session.S("id");
        Assert.That(session.S("client_reference_id"), Is.EqualTo("order-77"));
        Assert.That(session.S("metadata.order"), Is.EqualTo("77"));

        var intent = (await Api.Get("/v1/payment_intents/" + session.S("payment_intent"))).Expect(200);
        Assert.That(intent.S("metadata.order_id"), Is.EqualTo("77"));

        var page = (await Admin.Get(PathOf(session.S("url")))).Expect(200);
        Assert.That(page.Body, Does.Contain("GBP 0.05").And.Contain("data-testid=\"wallet-AlipayPlus\""));

        var cancel = (await Press(session.S("url"), "cancel")).Expect(303);
        Assert.That(cancel.Header("Location"), Is.EqualTo("https://shop.example/cancel"));
        Assert.That((await Api.Get("/v1/checkout/sessions/" + id)).Expect(200).S("status"), Is.EqualTo("open"));

        var fail = (await Press(session.S("url"), "fail")).Expect(303);
        Assert.That(fail.Header("Location"), Is.EqualTo("https://shop.example/cancel"));

        var pay = (await Press(session.S("url"), "pay", "Alipay+")).Expect(303);
        Assert.That(pay.Header("Location"), Is.EqualTo($"https://shop.example/ok?cs={id}"));

        var after = (await Api.Get("/v1/checkout/sessions/" + id)).Expect(200);
        Assert.That(after.S("status"), Is.EqualTo("complete"));
        Assert.That(after.S("payment_status"), Is.EqualTo("paid"));
        var paidIntent = (await Api.Get("/v1/payment_intents/" + session.S("payment_intent"))).Expect(200);
        Assert.That(paidIntent.S("status"), Is.EqualTo("succeeded"));
        Assert.That(paidIntent.L("amount_received"), Is.EqualTo(5));
        Assert.That(await EventTypesFor(id), Is.EqualTo(new[] { "checkout.session.completed" }));
        Assert.That(await EventTypesFor(session.S("payment_intent")),
            Is.EqualTo(
                new[] { "payment_intent.created", "payment_intent.payment_failed", "payment_intent.succeeded" }));

        var closed = (await Admin.Get(PathOf(session.S("url")))).Expect(200);
        Assert.That(closed.Body, Does.Not.Contain("data-testid=\"pay\""));
    }

    [Test]
    public async Task Admin_session_shortcuts()
    {
        var s1 = (await Api.Post("/v1/checkout/sessions", SeedBodies.CheckoutSessionCreateRequest)).Expect(200).S("id");
        Assert.That((await Admin.Post($"/_sandbox/checkout/sessions/{s1}/pay")).Expect(200).S("payment_status"),
            Is.EqualTo("paid"));
        (await Admin.Post($"/_sandbox/checkout/sessions/{s1}/cancel")).Expect(400);

        var s2 = (await Api.Post("/v1/checkout/sessions", SeedBodies.CheckoutSessionCreateRequest)).Expect(200).S("id");
        Assert.That((await Admin.Post($"/_sandbox/checkout/sessions/{s2}/cancel")).Expect(200).S("status"),
            Is.EqualTo("open"));
    }

    [TestCase(6_000_000, "PHP", new[] { "GCash", "AkulakuPayLater" })]
    [TestCase(50, "PHP", new[] { "BPI" })]
    [TestCase(600_000, "MYR", new[] { "TNG" })]
    [TestCase(5_000_000, "HKD", new[] { "AlipayHK" })]
    [TestCase(5_000_001, "HKD", new string[0])]
    [TestCase(29_999, "IDR", new string[0])]
    [TestCase(9, "CNY", new string[0])]
    public async Task Cashier_offers_only_the_wallets_whose_limits_take_the_amount(long amount, string currency,
        string[] wallets)
    {
        var pi = await CreateIntent(amount, currency);
        var page = (await Admin.Get(PathOf(pi.S("next_action.alipayplus_handle_redirect.normalUrl")))).Expect(200);

        var offered = System.Text.RegularExpressions.Regex
            .Matches(page.Body, "data-testid=\"wallet-([^\"]+)\"")
            .Select(m => m.Groups[1].Value);
        Assert.That(offered, Is.EquivalentTo(wallets));
    }

    [TestCase(5_000_001, "HKD", null)]
    [TestCase(29_999, "IDR", null)]
    [TestCase(1_000_000_001, "IDR", "DANA")]
    [TestCase(6_000_000, "PHP", "BPI")]
    [TestCase(500_001, "MYR", "Boost")]
    public async Task Paying_an_amount_outside_the_wallets_limits_is_refused_and_the_intent_stays_unpaid(long amount,
        string currency, string? wallet)
    {
        // Created as WooshPay creates it (its own guide creates an IDR 2.00 intent, below DANA's minimum) ...
        var pi = await CreateIntent(amount, currency);
        var id = pi.S("id");

        // ... but no wallet pays it: the admin shortcut and the cashier page both refuse.
        var admin = (await Admin.Post($"/_sandbox/payment_intents/{id}/pay",
            wallet is null ? "{}" : $"{{\"wallet\":\"{wallet}\"}}"))
            .Expect(400);
        var cashier = (await Press(pi.S("next_action.alipayplus_handle_redirect.normalUrl"), "pay", wallet))
            .Expect(409);
        var after = (await Api.Get("/v1/payment_intents/" + id)).Expect(200);

        Assert.Multiple(() =>
        {
            Assert.That(admin.S("error.code"), Is.EqualTo("amount_outside_wallet_limits"));
            Assert.That(admin.S("error.message"), Does.Contain("in one payment"));
            Assert.That(cashier.Body, Does.Contain("in one payment"));
            Assert.That(after.S("status"), Is.EqualTo("requires_action"));
            Assert.That(after.L("amount_received"), Is.Zero);
        });
    }

    [TestCase(5_000_000, "HKD")]
    [TestCase(30_000, "IDR")]
    [TestCase(1_000_000_000, "IDR")]
    [TestCase(500_000, "MYR")]
    [TestCase(10_000_000, "PHP")]
    public async Task An_amount_at_a_wallets_limit_is_paid(long amount, string currency)
    {
        var id = await PaidIntent(amount, currency);

        Assert.That((await Api.Get("/v1/payment_intents/" + id)).Expect(200).S("status"), Is.EqualTo("succeeded"));
    }

    [Test]
    public async Task Unknown_hosted_page_is_404()
    {
        (await Admin.Get("/hosted/alipayplus/pi_0")).Expect(404);
        (await Admin.Get("/checkout/pay/cs_0")).Expect(404);
    }
}

/// <summary>Expiry with short timings: cashier after PaymentExpiry, session after SessionExpiry.</summary>
public sealed class ExpiryTests : SandboxFixture
{
    protected override void Configure(SandboxOptions options)
    {
        options.PaymentExpiry = TimeSpan.FromMilliseconds(400);
        options.SessionExpiry = TimeSpan.FromMilliseconds(400);
    }

    [Test]
    public async Task Unpaid_cashier_expires_to_canceled_with_event()
    {
        var id = (await CreateIntent()).S("id");
        var reply = await Poll.Until(() => Api.Get("/v1/payment_intents/" + id), r => r.S("status") == "canceled",
            "intent expiry");
        Assert.That(reply.S("cancellation_reason"), Is.EqualTo("expired"));
        Assert.That(await EventTypesFor(id), Does.Contain("payment_intent.canceled"));
        var page = (await Admin.Get($"/hosted/alipayplus/{id}")).Expect(200);
        Assert.That(page.Body, Does.Not.Contain("data-testid=\"pay\""));
    }

    [Test]
    public async Task Open_session_expires_by_itself()
    {
        var session = (await Api.Post("/v1/checkout/sessions", SeedBodies.CheckoutSessionCreateRequest)).Expect(200);
        // No GET in between: the background sweep alone must emit the events.
        await Poll.Until(async () => await EventTypesFor(session.S("id")), t => t.Contains("checkout.session.expired"),
            "session expiry event");
        var after = (await Api.Get("/v1/checkout/sessions/" + session.S("id"))).Expect(200);
        Assert.That(after.S("status"), Is.EqualTo("expired"));
        Assert.That(after.Get("url"), Is.Null);
    }
}
