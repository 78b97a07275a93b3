using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WooshPay.Sandbox;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// What a test does to the WooshPay sandbox from outside: the shopper's clicks on the hosted pages, the
/// /_sandbox admin API (state, deliveries, re-sends, faults) and the /v1 API under one account's key.
/// </summary>
public sealed class SandboxDriver : IDisposable
{
    private readonly HttpClient _admin;
    private readonly HttpClient _api;

    public SandboxDriver(RunningSandbox sandbox, string secretKey)
    {
        _admin = sandbox.CreateHttpClient();
        _api = sandbox.CreateHttpClient(secretKey);
    }

    /// <summary>
    /// The shopper presses a button (pay, fail, cancel) on the page the plugin redirected to; returns where
    /// WooshPay sends the browser next (the 303's Location).
    /// </summary>
    public async Task<string> ClickAsync(string pageUrl, string action, string wallet = null)
    {
        using (var page = await _admin.GetAsync(pageUrl))
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"the shopper can open {pageUrl}");

        var form = new FormUrlEncodedContent(wallet is null ? [] : new[] { KeyValuePair.Create("wallet", wallet) });
        using var response = await _admin.PostAsync($"{pageUrl.TrimEnd('/')}/{action}", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther),
            $"{action} on {pageUrl} sends the shopper back: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location?.ToString();
    }

    /// <summary>
    /// The shopper presses a button on WooshPay's page, which may refuse it; returns the page's answer.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body)> PressAsync(string pageUrl, string action,
        string wallet = null)
    {
        var form = new FormUrlEncodedContent(wallet is null ? [] : new[] { KeyValuePair.Create("wallet", wallet) });
        using var response = await _admin.PostAsync($"{pageUrl.TrimEnd('/')}/{action}", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<JsonObject> AdminPostAsync(string path, object body = null) =>
        SendAsync(_admin, HttpMethod.Post, path, body ?? new { });

    public Task<JsonObject> AdminGetAsync(string path) => SendAsync(_admin, HttpMethod.Get, path, null);

    public Task<JsonObject> ApiGetAsync(string path) => SendAsync(_api, HttpMethod.Get, path, null);

    /// <summary>The raw bytes of an event as the API returns it, to sign and post by hand.</summary>
    public async Task<byte[]> GetEventBytesAsync(string eventId)
    {
        using var response = await _api.GetAsync($"v1/events/{eventId}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    public Task SetFaultsAsync(object faults) => AdminPostAsync("_sandbox/faults", faults);

    public async Task<IReadOnlyList<JsonObject>> IntentsOfAsync(Guid orderGuid) =>
        ObjectsOf((await AdminGetAsync("_sandbox/state"))["payment_intents"], orderGuid);

    public async Task<IReadOnlyList<JsonObject>> SessionsOfAsync(Guid orderGuid) =>
        ObjectsOf((await AdminGetAsync("_sandbox/state"))["checkout_sessions"], orderGuid);

    /// <summary>Every webhook delivery of the events about these objects (intents, sessions).</summary>
    public async Task<IReadOnlyList<JsonObject>> DeliveriesAsync(params string[] objectIds)
    {
        var all = new List<JsonObject>();
        foreach (var objectId in objectIds.Where(id => !string.IsNullOrEmpty(id)).Distinct())
        {
            var list = await AdminGetAsync($"_sandbox/deliveries?object_id={Uri.EscapeDataString(objectId)}");
            all.AddRange(list["data"]!.AsArray().Select(node => node!.AsObject()));
        }

        return all;
    }

    /// <summary>The id of the one event of this type about this object.</summary>
    public async Task<string> EventIdAsync(string objectId, string type)
    {
        var events = await ApiGetAsync(
            $"v1/events?type={Uri.EscapeDataString(type)}&object_id={Uri.EscapeDataString(objectId)}&limit=100");
        var ids = events["data"]!.AsArray().Select(e => (string)e!["id"]).ToList();
        Assert.That(ids, Has.Count.EqualTo(1), $"one {type} event about {objectId}");
        return ids[0];
    }

    /// <summary>Waits until no delivery about these objects is pending (sent, retried, held or delayed).</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForDeliveriesSettledAsync(TimeSpan timeout,
        params string[] objectIds)
    {
        IReadOnlyList<JsonObject> deliveries = [];
        await Eventually.ThatAsync(async () =>
        {
            deliveries = await DeliveriesAsync(objectIds);
            return deliveries.Count > 0 && deliveries.All(d => (string)d["state"] != "pending");
        }, timeout, () => $"webhook deliveries about {string.Join(", ", objectIds)} settle: "
            + string.Join("; ", deliveries.Select(d => $"{d["event_type"]} {d["state"]} ({d["last_status_code"]})")));
        return deliveries;
    }

    private static IReadOnlyList<JsonObject> ObjectsOf(JsonNode array, Guid orderGuid) =>
        array!.AsArray().Select(node => node!.AsObject())
            .Where(o => string.Equals((string)o["metadata"]?["order_guid"], orderGuid.ToString(),
                StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static async Task<JsonObject> SendAsync(HttpClient http, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
            request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public void Dispose()
    {
        _admin.Dispose();
        _api.Dispose();
    }
}
