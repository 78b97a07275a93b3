using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;
using WooshPay.Sandbox.Services;

namespace WooshPay.Sandbox.Api;

/// <summary>/v1/refunds.</summary>
public sealed class RefundEndpoints
{
    private readonly SandboxRuntime _sandbox;

    public RefundEndpoints(SandboxRuntime sandbox) => _sandbox = sandbox;

    public ApiResult Create(ApiRequest req) =>
        ApiResult.Json(CreateRefund(_sandbox, req.Account, req.Body, "api").Snapshot());

    /// <summary>Shared with the dashboard-style /_sandbox/refunds so both obey the same rules.</summary>
    public static Refund CreateRefund(SandboxRuntime sandbox, Account account,
        System.Text.Json.Nodes.JsonObject body, string source)
    {
        var piId = body.RequiredStr("payment_intent");
        var amount = body.Int("amount", allowString: true);
        var reason = body.Str("reason");
        if (reason is not null && !RefundService.Reasons.Contains(reason))
            throw ApiException.Invalid("reason",
                $"Invalid reason: must be one of {string.Join(", ", RefundService.Reasons)}.");
        var metadata = body.Metadata();
        var description = body.Str("description");

        var state = sandbox.State;
        var pi = SandboxState.Find(state.PaymentIntents, piId, account)
                 ?? throw ApiException.NotFound("payment_intent", piId, "payment_intent");
        return sandbox.Refunds.Create(state, pi, amount, reason, metadata, description, source);
    }

    public ApiResult Retrieve(ApiRequest req)
    {
        var refund = SandboxState.Find(_sandbox.State.Refunds, req.RouteId, req.Account)
            ?? throw ApiException.NotFound("refund", req.RouteId);
        return ApiResult.Json(refund.Snapshot());
    }

    public ApiResult List(ApiRequest req)
    {
        IEnumerable<Refund> refunds = _sandbox.State.Refunds.Values;
        var piFilter = req.Query("payment_intent");
        if (piFilter is not null) refunds = refunds.Where(r => r.PaymentIntentId == piFilter);
        var url = "/v1/refunds";
        return ApiResult.Json(Paging.Page(req, SandboxState.OwnedBy(refunds, req.Account), url, r => r.Snapshot()));
    }
}
