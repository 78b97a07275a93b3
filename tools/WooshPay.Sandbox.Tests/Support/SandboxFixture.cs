namespace WooshPay.Sandbox.Tests.Support;

/// <summary>
/// Base for test classes: one in-process sandbox per class on a real port, fast timings, and a
/// fresh secret key per test so tests never see each other's objects.
/// </summary>
public abstract class SandboxFixture
{
    protected RunningSandbox Sandbox { get; private set; } = null!;

    /// <summary>Api authenticated with this test's own key.</summary>
    protected RawHttp Api { get; private set; } = null!;

    /// <summary>No auth: for /_sandbox and hosted pages.</summary>
    protected RawHttp Admin { get; private set; } = null!;

    protected string Key { get; private set; } = "";

    protected virtual void Configure(SandboxOptions options)
    {
    }

    [OneTimeSetUp]
    public async Task StartSandbox()
    {
        var options = new SandboxOptions
        {
            RefundSettleDelay = TimeSpan.FromMilliseconds(200),
            WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(50),
            WebhookMaxAttempts = 4,
            WebhookTimeout = TimeSpan.FromSeconds(5),
            ExpirySweepInterval = TimeSpan.FromMilliseconds(100),
        };
        Configure(options);
        Sandbox = await SandboxServer.StartAsync(options);
        Admin = new RawHttp(Sandbox.CreateHttpClient());
    }

    [OneTimeTearDown]
    public async Task StopSandbox()
    {
        Admin.Http.Dispose();
        await Sandbox.DisposeAsync();
    }

    [SetUp]
    public void NewKey()
    {
        Key = NewSecretKey();
        Api = ApiFor(Key);
    }

    [TearDown]
    public void DisposeApi() => Api.Http.Dispose();

    protected static string NewSecretKey() => "sk_test_" + Guid.NewGuid().ToString("N");

    protected RawHttp ApiFor(string key) => new(Sandbox.CreateHttpClient(key));

    protected string Base => Sandbox.BaseAddress.ToString().TrimEnd('/');

    protected static JsonObject IntentBody(long amount = 1000, string currency = "HKD", bool confirm = true,
        string returnUrl = "https://merchant.example/return?order=42", JsonObject? metadata = null)
    {
        var body = new JsonObject
        {
            ["amount"] = amount,
            ["currency"] = currency,
            ["confirm"] = confirm,
            ["payment_method_options"] = new JsonObject
            {
                ["alipayplus"] = new JsonObject { ["terminal_type"] = "WEB" }
            },
            ["payment_method_data"] = new JsonObject { ["type"] = "alipayplus" },
            ["return_url"] = returnUrl,
        };
        if (metadata is not null) body["metadata"] = metadata;
        return body;
    }

    protected async Task<Reply> CreateIntent(long amount = 1000, string currency = "HKD", bool confirm = true,
        JsonObject? metadata = null) =>
        (await Api.Post("/v1/payment_intents", IntentBody(amount, currency, confirm, metadata: metadata))).Expect(200);

    /// <summary>A succeeded intent, paid through the admin shortcut.</summary>
    protected async Task<string> PaidIntent(long amount = 1000, string currency = "HKD")
    {
        var id = (await CreateIntent(amount, currency)).S("id");
        (await Admin.Post($"/_sandbox/payment_intents/{id}/pay")).Expect(200);
        return id;
    }

    /// <summary>Faults for this test's key only (POST
    /// /_sandbox/faults/{key}); other tests' calls are untouched.</summary>
    protected async Task OwnFaults(string json) => (await Admin.Post($"/_sandbox/faults/{Key}", json)).Expect(200);

    protected async Task<List<string>> EventTypesFor(string objectId)
    {
        var reply = (await Api.Get($"/v1/events?limit=100&object_id={objectId}")).Expect(200);
        return reply.Json["data"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).Reverse().ToList();
    }
}
