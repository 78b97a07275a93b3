using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Api;

/// <summary>The /v1 surface. Every route goes through <see cref="ApiPipeline"/>.</summary>
public static class ApiRoutes
{
    public static void Map(IEndpointRouteBuilder app, SandboxRuntime sandbox)
    {
        var intents = new PaymentIntentEndpoints(sandbox);
        var refunds = new RefundEndpoints(sandbox);
        var sessions = new CheckoutSessionEndpoints(sandbox);
        var webhooks = new WebhookEndpointEndpoints(sandbox);
        var events = new EventEndpoints(sandbox);

        Post(app, "/v1/payment_intents", intents.Create);
        Get(app, "/v1/payment_intents", intents.List);
        Get(app, "/v1/payment_intents/{id}", intents.Retrieve);
        Post(app, "/v1/payment_intents/{id}/confirm", intents.Confirm);
        Post(app, "/v1/payment_intents/{id}/cancel", intents.Cancel);

        Post(app, "/v1/refunds", refunds.Create);
        Get(app, "/v1/refunds", refunds.List);
        Get(app, "/v1/refunds/{id}", refunds.Retrieve);

        Post(app, "/v1/checkout/sessions", sessions.Create);
        Get(app, "/v1/checkout/sessions", sessions.List);
        Get(app, "/v1/checkout/sessions/{id}", sessions.Retrieve);
        Post(app, "/v1/checkout/sessions/{id}/expire", sessions.Expire);

        Post(app, "/v1/webhook_endpoints", webhooks.Create);
        Get(app, "/v1/webhook_endpoints", webhooks.List);
        Get(app, "/v1/webhook_endpoints/{id}", webhooks.Retrieve);
        app.MapDelete("/v1/webhook_endpoints/{id}", (HttpContext ctx, ApiPipeline p) => p.Handle(ctx, webhooks.Delete));

        Get(app, "/v1/events", events.List);
        Get(app, "/v1/events/{id}", events.Retrieve);

        // Unknown /v1 paths still answer in the error envelope (after auth, like the real API).
        app.Map("/v1/{**rest}", (HttpContext ctx, ApiPipeline p) => p.Handle(ctx, req =>
            throw new ApiException(404, "invalid_request_error", "resource_missing",
                $"Unrecognized request URL ({req.Http.Request.Method}: {req.Http.Request.Path}).")));
    }

    private static void Post(IEndpointRouteBuilder app, string pattern, Func<ApiRequest, ApiResult> handler) =>
        app.MapPost(pattern, (HttpContext ctx, ApiPipeline p) => p.Handle(ctx, handler));

    private static void Get(IEndpointRouteBuilder app, string pattern, Func<ApiRequest, ApiResult> handler) =>
        app.MapGet(pattern, (HttpContext ctx, ApiPipeline p) => p.Handle(ctx, handler));
}
