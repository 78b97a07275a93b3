using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox;

/// <summary>Every response carries <c>Request-Id: req_...</c>, as WooshPay's do, so logs can quote it.</summary>
public static class RequestIdMiddleware
{
    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) =>
        app.Use((ctx, next) =>
        {
            ctx.Response.Headers["Request-Id"] = IdGenerator.NextId("req");
            return next(ctx);
        });
}
