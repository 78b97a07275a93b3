using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;

namespace WooshPay.Sandbox.Api;

/// <summary>/v1/events: the same event objects the webhooks carry, for polling and reconciliation.</summary>
public sealed class EventEndpoints
{
    private readonly SandboxRuntime _sandbox;

    public EventEndpoints(SandboxRuntime sandbox) => _sandbox = sandbox;

    public ApiResult Retrieve(ApiRequest req)
    {
        var evt = SandboxState.Find(_sandbox.State.Events, req.RouteId, req.Account)
            ?? throw ApiException.NotFound("event", req.RouteId);
        return ApiResult.Json(evt.Snapshot());
    }

    public ApiResult List(ApiRequest req)
    {
        IEnumerable<SandboxEvent> events = _sandbox.State.Events.Values;
        var type = req.Query("type");
        if (type is not null)
        {
            // "payment_intent.*" style prefixes, as Stripe's list filter allows.
            events = type.EndsWith(".*", StringComparison.Ordinal)
                ? events.Where(e => e.Type.StartsWith(type[..^1], StringComparison.Ordinal))
                : events.Where(e => e.Type == type);
        }

        var objectId = req.Query("object_id");
        if (objectId is not null) events = events.Where(e => e.ObjectId == objectId);
        return ApiResult.Json(
            Paging.Page(req, SandboxState.OwnedBy(events, req.Account), "/v1/events", e => e.Snapshot()));
    }
}
