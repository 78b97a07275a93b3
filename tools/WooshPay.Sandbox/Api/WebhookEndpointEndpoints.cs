using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;
using WooshPay.Sandbox.Services;

namespace WooshPay.Sandbox.Api;

/// <summary>/v1/webhook_endpoints. Endpoints belong to the secret key (and so the mode) that created them.</summary>
public sealed class WebhookEndpointEndpoints
{
    private readonly SandboxRuntime _sandbox;

    public WebhookEndpointEndpoints(SandboxRuntime sandbox) => _sandbox = sandbox;

    public ApiResult Create(ApiRequest req)
    {
        var body = req.Body;
        var url = body.RequiredStr("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw ApiException.Invalid("url", "url must be an absolute http(s) URL.", "url_invalid");

        var events = body.StringList("enabled_events") ?? throw ApiException.Missing("enabled_events");
        if (events.Count == 0) throw ApiException.Invalid("enabled_events", "enabled_events must not be empty.",
            "parameter_invalid_empty");
        var known = _sandbox.Faults.For(req.Account.SecretKey).RefuseUndocumentedEvents
            ? EventPublisher.DocumentedTypes
            : EventPublisher.KnownTypes;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] != "*" && !known.Contains(events[i]))
                throw ApiException.Invalid($"enabled_events[{i}]", $"Invalid event type: {events[i]}.");
        }

        var endpoint = new WebhookEndpoint(req.Account, url, events.Distinct().ToList())
        {
            Description = body.Str("description"),
            ApiVersion = body.Str("api_version") ?? _sandbox.Options.ApiVersion,
            Metadata = body.Metadata(),
        };
        _sandbox.State.WebhookEndpoints[endpoint.Id] = endpoint;
        return ApiResult.Json(endpoint.Snapshot());
    }

    public ApiResult Retrieve(ApiRequest req) => ApiResult.Json(Find(req).Snapshot());

    public ApiResult List(ApiRequest req) =>
        ApiResult.Json(Paging.Page(req, SandboxState.OwnedBy(_sandbox.State.WebhookEndpoints.Values, req.Account),
            "/v1/webhook_endpoints", e => e.Snapshot()));

    public ApiResult Delete(ApiRequest req)
    {
        var endpoint = Find(req);
        lock (endpoint.Sync) endpoint.Deleted = true;
        _sandbox.State.WebhookEndpoints.TryRemove(endpoint.Id, out _);
        return ApiResult.Json(
            new JsonObject { ["id"] = endpoint.Id, ["object"] = "webhook_endpoint", ["deleted"] = true });
    }

    private WebhookEndpoint Find(ApiRequest req) =>
        SandboxState.Find(_sandbox.State.WebhookEndpoints, req.RouteId, req.Account)
            ?? throw ApiException.NotFound("webhook_endpoint", req.RouteId);
}
