using System.Security.Cryptography;
using System.Text;
using WooshPay.Sandbox.Tests.Support;

namespace WooshPay.Sandbox.Tests;

/// <summary>Webhooks to a real listener: signature, filtering, retries, faults, resend.</summary>
public sealed class WebhookTests : SandboxFixture
{
    private RecordingListener _listener = null!;

    [OneTimeSetUp]
    public async Task StartListener() => _listener = await RecordingListener.StartAsync();

    [OneTimeTearDown]
    public async Task StopListener() => await _listener.DisposeAsync();

    [SetUp]
    public void CleanFaults() => Sandbox.Faults.Replace(new Faults.FaultSettings());

    private async Task<(string Id, string Secret, string Path)> Endpoint(params string[] events)
    {
        var path = "/hooks/" + Guid.NewGuid().ToString("N");
        var body = new JsonObject
        {
            ["url"] = _listener.Url(path).ToString(),
            ["enabled_events"] = new JsonArray(events.Select(e => (JsonNode)e).ToArray()),
            ["api_version"] = "1.0.1",
        };
        var reply = (await Api.Post("/v1/webhook_endpoints", body)).Expect(200);
        return (reply.S("id"), reply.S("secret"), path);
    }

    private List<RecordingListener.Received> At(string path) =>
        _listener.Requests.Where(r => r.PathAndQuery == path).ToList();

    /// <summary>Independent check of t=...,v1=... : HMAC-SHA256(secret, t + "." + raw body), lowercase hex.</summary>
    private static void AssertSigned(RecordingListener.Received r, string secret)
    {
        Assert.That(r.Headers.TryGetValue("Wooshpay-Signature", out var header), Is.True, "signature header");
        var parts = header!.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var t = long.Parse(parts["t"]);
        Assert.That(t, Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(300));
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert
            .ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(t + "." + r.Text)))
            .ToLowerInvariant();
        Assert.That(parts["v1"], Is.EqualTo(expected));
        Assert.That(r.Headers["Content-Type"], Does.StartWith("application/json"));
    }

    private static long SignedAt(RecordingListener.Received r) =>
        long.Parse(r.Headers["Wooshpay-Signature"].Split(',').Single(p => p.StartsWith("t="))[2..]);

    /// <summary>The signature checks out over the t= it names, however old that t is.</summary>
    private static void AssertSignedOver(RecordingListener.Received r, string secret, long t)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert
            .ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(t + "." + r.Text)))
            .ToLowerInvariant();
        Assert.That(r.Headers["Wooshpay-Signature"], Is.EqualTo($"t={t},v1={expected}"));
    }

    /// <summary>
    /// Fails every attempt of one delivery until it is marked failed, waits for the clock to pass
    /// a second, then resends it (a retry) to a listener that now answers 200.
    /// </summary>
    private async Task<List<RecordingListener.Received>> FailThenRetryLater(string endpointId, string path)
    {
        var broken = true;
        _listener.Respond = r => r.PathAndQuery == path && Volatile.Read(ref broken) ? 500 : 200;
        try
        {
            await CreateIntent(confirm: false);
            var failed = await Poll.Until(() => Deliveries($"endpoint_id={endpointId}"),
                l => l.Count == 1 && l[0]!["state"]!.GetValue<string>() == "failed", "failed delivery");
            await Task.Delay(1100);
            Volatile.Write(ref broken, false);
            (await Admin.Post($"/_sandbox/deliveries/{failed[0]!["id"]!.GetValue<string>()}/resend")).Expect(200);
            return await Poll.Until(() => Task.FromResult(At(path)),
                l => l.Count == Sandbox.Options.WebhookMaxAttempts + 1, "the retry after the failures");
        }
        finally
        {
            _listener.Respond = _ => 200;
        }
    }

    private async Task<JsonArray> Deliveries(string query) =>
        (await Admin.Get("/_sandbox/deliveries?" + query)).Expect(200).Json["data"]!.AsArray();

    [Test]
    public async Task Events_arrive_signed_with_full_snapshots()
    {
        var (_, secret, path) = await Endpoint("*");
        var pi = await PaidIntent(5_000_000, "IDR");

        var got = await Poll.Until(() => Task.FromResult(At(path)), l => l.Count >= 3, "three webhooks");
        Assert.That(got.Select(r => r.EventType), Is.EquivalentTo(
            new[] { "payment_intent.created", "payment_intent.requires_action", "payment_intent.succeeded" }));
        foreach (var r in got)
        {
            AssertSigned(r, secret);
            var evt = r.Json;
            Assert.Multiple(() =>
            {
                Assert.That(evt["id"]!.GetValue<string>(), Does.Match(@"^evt_\d{19}$"));
                Assert.That(evt["object"]!.GetValue<string>(), Is.EqualTo("event"));
                Assert.That(evt["api_version"]!.GetValue<string>(), Is.EqualTo("1.0.1"));
                Assert.That(evt["created"]!.GetValue<long>(),
                    Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(120), "seconds");
                Assert.That(evt["livemode"]!.GetValue<bool>(), Is.False);
                Assert.That(evt["pending_webhooks"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(0));
                Assert.That(evt["data"]!["object"]!["id"]!.GetValue<string>(), Is.EqualTo(pi));
                Assert.That(evt["data"]!["object"]!["amount"]!.GetValue<long>(), Is.EqualTo(5_000_000));
            });
        }

        var succeeded = got.Single(r => r.EventType == "payment_intent.succeeded");
        Assert.That(succeeded.Json["data"]!["object"]!["status"]!.GetValue<string>(), Is.EqualTo("succeeded"));
        var stored = (await Api.Get("/v1/events/" + succeeded.EventId)).Expect(200);
        Assert.That(stored.S("type"), Is.EqualTo("payment_intent.succeeded"));
        await Poll.Until(() => Api.Get("/v1/events/" + succeeded.EventId), e => e.L("pending_webhooks") == 0,
            "pending_webhooks to drop to 0");
    }

    [Test]
    public async Task Only_enabled_events_and_only_own_key_are_delivered()
    {
        var (_, _, path) = await Endpoint("payment_intent.succeeded");
        var (_, _, refundPath) = await Endpoint("charge.refund.updated");
        var pi = await PaidIntent();
        (await Api.Post("/v1/refunds", $$"""{"payment_intent":"{{pi}}"}""")).Expect(200);

        // Another account's activity must not reach this account's endpoints.
        var other = ApiFor(NewSecretKey());
        var foreign = (await other.Post("/v1/payment_intents", IntentBody())).Expect(200).S("id");
        (await Admin.Post($"/_sandbox/payment_intents/{foreign}/pay")).Expect(200);

        await Poll.Until(() => Task.FromResult(At(refundPath)), l => l.Count >= 2, "refund created + settled");
        await Poll.Until(() => Task.FromResult(At(path)), l => l.Count >= 1, "succeeded webhook");
        await Task.Delay(300);
        Assert.That(At(path).Select(r => r.ObjectId), Is.EqualTo(new[] { pi }));
        Assert.That(At(path).Select(r => r.EventType), Is.All.EqualTo("payment_intent.succeeded"));
        Assert.That(At(refundPath).Select(r => r.EventType), Is.All.EqualTo("charge.refund.updated"));
        Assert.That(At(refundPath).Select(r => r.Json["data"]!["object"]!["status"]!.GetValue<string>()),
            Is.EqualTo(new[] { "pending", "succeeded" }));
    }

    [Test]
    public async Task Listener_500_is_retried_until_2xx()
    {
        var (endpointId, secret, path) = await Endpoint("payment_intent.succeeded");
        var failuresLeft = 2;
        _listener.Respond = r => r.PathAndQuery == path && Interlocked.Decrement(ref failuresLeft) >= 0 ? 500 : 200;
        try
        {
            var pi = await PaidIntent();
            var got = await Poll.Until(() => Task.FromResult(At(path)), l => l.Count >= 3, "three attempts");
            Assert.That(got.Select(r => r.EventId).Distinct().Count(), Is.EqualTo(1), "same event each time");
            foreach (var r in got) AssertSigned(r, secret);

            var d = await Poll.Until(() => Deliveries($"endpoint_id={endpointId}"),
                l => l.Count == 1 && l[0]!["state"]!.GetValue<string>() == "delivered", "delivered state");
            Assert.That(d[0]!["attempts"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(d[0]!["last_status_code"]!.GetValue<int>(), Is.EqualTo(200));
            Assert.That(d[0]!["object_id"]!.GetValue<string>(), Is.EqualTo(pi));
        }
        finally
        {
            _listener.Respond = _ => 200;
        }
    }

    [Test]
    public async Task Delivery_fails_after_max_attempts_and_can_be_resent()
    {
        var (endpointId, _, path) = await Endpoint("payment_intent.created");
        var broken = true;
        _listener.Respond = r => r.PathAndQuery == path && Volatile.Read(ref broken) ? 503 : 200;
        try
        {
            await CreateIntent(confirm: false);
            var failed = await Poll.Until(() => Deliveries($"endpoint_id={endpointId}"),
                l => l.Count == 1 && l[0]!["state"]!.GetValue<string>() == "failed", "failed state");
            Assert.That(failed[0]!["attempts"]!.GetValue<int>(), Is.EqualTo(Sandbox.Options.WebhookMaxAttempts));
            Assert.That(failed[0]!["last_status_code"]!.GetValue<int>(), Is.EqualTo(503));

            Volatile.Write(ref broken, false);
            var id = failed[0]!["id"]!.GetValue<string>();
            (await Admin.Post($"/_sandbox/deliveries/{id}/resend")).Expect(200);
            await Poll.Until(() => Deliveries($"endpoint_id={endpointId}"),
                l => l[0]!["state"]!.GetValue<string>() == "delivered", "resent delivery");
        }
        finally
        {
            _listener.Respond = _ => 200;
        }
    }

    [Test]
    public async Task Event_resend_delivers_again()
    {
        var (_, secret, path) = await Endpoint("payment_intent.created");
        var pi = (await CreateIntent(confirm: false)).S("id");
        var first = await Poll.Until(() => Task.FromResult(At(path)), l => l.Count == 1, "first delivery");
        var resent = (await Admin.Post($"/_sandbox/events/{first[0].EventId}/resend")).Expect(200);
        Assert.That(resent.Json["data"]!.AsArray().Count, Is.EqualTo(1));
        var both = await Poll.Until(() => Task.FromResult(At(path)), l => l.Count == 2, "resent delivery");
        Assert.That(both.Select(r => r.EventId).Distinct().Single(), Is.EqualTo(first[0].EventId));
        AssertSigned(both[1], secret);
        Assert.That(both[1].ObjectId, Is.EqualTo(pi));
    }

    [Test]
    public async Task Drop_fault_never_delivers_but_lists_dropped()
    {
        var (endpointId, _, path) = await Endpoint("*");
        Sandbox.Faults.Replace(new Faults.FaultSettings { WebhookDropRate = 1 });
        await CreateIntent();
        var list = await Poll.Until(() => Deliveries($"endpoint_id={endpointId}"), l => l.Count == 2, "two deliveries");
        Assert.That(list.Select(d => d!["state"]!.GetValue<string>()), Is.All.EqualTo("dropped"));
        Assert.That(list.Select(d => d!["attempts"]!.GetValue<int>()), Is.All.EqualTo(0));
        await Task.Delay(300);
        Assert.That(At(path), Is.Empty);
    }

    [Test]
    public async Task Duplicate_fault_delivers_twice()
    {
        var (endpointId, secret, path) = await Endpoint("payment_intent.created");
        Sandbox.Faults.Replace(new Faults.FaultSettings { WebhookDuplicateRate = 1 });
        await CreateIntent(confirm: false);
        var got = await Poll.Until(() => Task.FromResult(At(path)), l => l.Count == 2, "two copies");
        Assert.That(got[0].EventId, Is.EqualTo(got[1].EventId));
        AssertSigned(got[1], secret);
        var d = await Poll.Until(() => Deliveries($"endpoint_id={endpointId}"),
            l => l[0]!["state"]!.GetValue<string>() == "delivered", "delivered");
        Assert.That(d[0]!["duplicated"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Delay_and_reorder_faults_still_deliver_everything()
    {
        var (endpointId, _, path) = await Endpoint("*");
        var set = (await Admin.Post("/_sandbox/faults",
            """{"webhook_delay_rate":0.5,"webhook_delay_ms":100,"webhook_reorder_rate":0.5,"seed":7}"""))
            .Expect(200);
        Assert.That(set.Get("webhook_reorder_rate")!.GetValue<double>(), Is.EqualTo(0.5));
        for (var i = 0; i < 4; i++) await PaidIntent();
        var got = await Poll.Until(() => Task.FromResult(At(path)), l => l.Count == 12, "all 12 events despite delays");
        Assert.That(got.Select(r => r.EventId).Distinct().Count(), Is.EqualTo(12));
        var list = await Deliveries($"endpoint_id={endpointId}");
        Assert.That(list.Any(d => d!["reordered"]!.GetValue<bool>()), Is.True);
        Assert.That(list.Any(d => d!["delayed_ms"]!.GetValue<int>() > 0), Is.True);
    }

    [Test]
    public async Task Deleted_endpoint_gets_nothing_more()
    {
        var (id, _, path) = await Endpoint("*");
        (await Api.Delete("/v1/webhook_endpoints/" + id)).Expect(200);
        await PaidIntent();
        await Task.Delay(300);
        Assert.That(At(path), Is.Empty);
        Assert.That(await Deliveries($"endpoint_id={id}"), Is.Empty);
    }

    [Test]
    public async Task Trigger_emits_real_events_to_the_keys_endpoints()
    {
        var (_, _, path) = await Endpoint("payment_intent.succeeded", "charge.refund.updated",
            "checkout.session.completed", "charge.dispute.updated");
        var t = (await Admin.Post("/_sandbox/trigger",
            $$"""{"type":"payment_intent.succeeded","secret_key":"{{Key}}"}""")).Expect(200);
        Assert.That(t.S("object.status"), Is.EqualTo("succeeded"));
        var pi = t.S("object.id");
        (await Api.Get("/v1/payment_intents/" + pi)).Expect(200); // a real object of this key

        var refund = (await Admin.Post("/_sandbox/trigger",
            $$"""{"type":"charge.refund.updated","payment_intent":"{{pi}}","amount":100}"""))
            .Expect(200);
        Assert.That(refund.L("object.amount"), Is.EqualTo(100));
        (await Admin.Post("/_sandbox/trigger", $$"""{"type":"checkout.session.completed","secret_key":"{{Key}}"}"""))
            .Expect(200);
        (await Admin.Post("/_sandbox/trigger", $$"""{"type":"charge.dispute.updated","secret_key":"{{Key}}"}"""))
            .Expect(200);
        (await Admin.Post("/_sandbox/trigger", """{"type":"no.such.event"}""")).Expect(400);

        var types = (await Poll.Until(() => Task.FromResult(At(path)), l => l.Count >= 5, "triggered events"))
            .Select(r => r.EventType)
            .ToList();
        Assert.That(types, Is.SupersetOf(new[] { "payment_intent.succeeded", "charge.refund.updated",
            "checkout.session.completed", "charge.dispute.updated" }));
    }

    [Test]
    public async Task Retries_are_signed_anew_with_a_fresh_timestamp_by_default()
    {
        var (endpointId, secret, path) = await Endpoint("payment_intent.created");

        var got = await FailThenRetryLater(endpointId, path);

        Assert.That(SignedAt(got[^1]), Is.GreaterThan(SignedAt(got[0])));
        foreach (var r in got) AssertSigned(r, secret);
        var d = (await Deliveries($"endpoint_id={endpointId}"))[0]!;
        Assert.That(d["last_signed_at"]!.GetValue<long>(), Is.EqualTo(SignedAt(got[^1])));
        Assert.That(d["first_signed_at"]!.GetValue<long>(), Is.EqualTo(SignedAt(got[0])));
    }

    [Test]
    public async Task Retries_can_carry_the_original_timestamp_and_signature()
    {
        var (endpointId, secret, path) = await Endpoint("payment_intent.created");
        await OwnFaults("""{"webhook_retry_timestamp":"original"}""");

        var got = await FailThenRetryLater(endpointId, path);

        var original = SignedAt(got[0]);
        Assert.That(got.Select(SignedAt), Is.All.EqualTo(original));
        Assert.That(got.Select(r => r.Headers["Wooshpay-Signature"]).Distinct().Count(), Is.EqualTo(1),
            "the very same header");
        AssertSignedOver(got[^1], secret, original);
        Assert.That(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - original, Is.GreaterThanOrEqualTo(1),
            "older than the retry");
    }

    [Test]
    public async Task A_timestamp_offset_backdates_signatures_as_for_a_retry_hours_later()
    {
        var (_, secret, path) = await Endpoint("payment_intent.created");
        await OwnFaults("""{"webhook_retry_timestamp":"original","webhook_timestamp_offset_seconds":-3600}""");

        await CreateIntent(confirm: false);
        var got = await Poll.Until(() => Task.FromResult(At(path)), l => l.Count == 1, "the delivery");

        var t = SignedAt(got[0]);
        Assert.That(t, Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600).Within(60));
        AssertSignedOver(got[0], secret, t);
    }
}
