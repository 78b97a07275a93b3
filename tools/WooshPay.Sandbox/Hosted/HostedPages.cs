using WooshPay.Sandbox.Api;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;
using WooshPay.Sandbox.Services;

namespace WooshPay.Sandbox.Hosted;

/// <summary>
/// The pages a shopper sees: the Alipay+ cashier behind next_action.normalUrl and the Checkout
/// Session page behind session.url. Buttons POST back here and end in a 303 to the merchant.
/// No auth and no fault injection: these stand in for WooshPay's and the wallet's own pages.
/// </summary>
public static class HostedPages
{
    public const string IntentPath = "/hosted/alipayplus";
    public const string SessionPath = "/checkout/pay";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(IntentPath + "/{id}", (string id, SandboxRuntime sandbox) => ShowIntent(sandbox, id, null, 200));
        app.MapPost(IntentPath + "/{id}/{action}",
            async (string id, string action, HttpContext ctx, SandboxRuntime sandbox) =>
            await ActOnIntent(ctx, sandbox, id, action));
        app.MapGet(SessionPath + "/{id}", (string id, SandboxRuntime sandbox) => ShowSession(sandbox, id, null, 200));
        app.MapPost(SessionPath + "/{id}/{action}",
            async (string id, string action, HttpContext ctx, SandboxRuntime sandbox) =>
            await ActOnSession(ctx, sandbox, id, action));
    }

    private static IResult ShowIntent(SandboxRuntime sandbox, string id, string? notice, int status)
    {
        var state = sandbox.State;
        if (!state.PaymentIntents.TryGetValue(id, out var pi)) return NotFound("payment intent", id);
        if (pi.CheckoutSessionId is { } sessionId) return Results.Redirect($"{SessionPath}/{sessionId}");
        sandbox.Intents.ExpireIfDue(state, pi);
        string piStatus;
        lock (pi.Sync) piStatus = pi.Status;
        return Html(HostedPageRenderer.Render(new HostedPageRenderer.Model(
            "payment_intent", pi.Id, $"{IntentPath}/{pi.Id}", pi.Amount, pi.Currency, piStatus,
            PaymentIntentService.IsPayable(pi, null), pi.Description, notice)), status);
    }

    private static IResult ShowSession(SandboxRuntime sandbox, string id, string? notice, int status)
    {
        var state = sandbox.State;
        if (!state.CheckoutSessions.TryGetValue(id, out var session)) return NotFound("checkout session", id);
        sandbox.Sessions.ExpireIfDue(state, session);
        var pi = sandbox.Sessions.IntentOf(state, session);
        string sessionStatus;
        bool payable;
        lock (session.Sync)
        lock (pi.Sync)
        {
            sessionStatus = session.Status == "open" ? session.Status : $"{session.Status} ({session.PaymentStatus})";
            payable = PaymentIntentService.IsPayable(pi, session);
        }

        var description = string.Join(", ",
            session.LineItems.Select(li => $"{li?["quantity"]} × {li?["description"]}"));
        return Html(HostedPageRenderer.Render(new HostedPageRenderer.Model(
            "checkout.session", session.Id, $"{SessionPath}/{session.Id}", session.AmountTotal,
            session.Currency, sessionStatus,
            payable, description, notice)), status);
    }

    private static async Task<IResult> ActOnIntent(HttpContext ctx, SandboxRuntime sandbox, string id, string action)
    {
        var state = sandbox.State;
        if (!state.PaymentIntents.TryGetValue(id, out var pi)) return NotFound("payment intent", id);
        var wallet = await WalletOf(ctx);
        string redirectStatus;
        try
        {
            switch (action)
            {
                case "pay":
                    sandbox.Intents.Pay(state, pi, wallet);
                    redirectStatus = "succeeded";
                    break;
                case "fail":
                    sandbox.Intents.Fail(state, pi);
                    redirectStatus = "failed";
                    break;
                case "cancel":
                    sandbox.Intents.CancelByShopper(state, pi);
                    redirectStatus = "canceled";
                    break;
                default:
                    return NotFound("action", action);
            }
        }
        catch (ApiException e)
        {
            return ShowIntent(sandbox, id, e.Message, 409);
        }

        if (pi.CheckoutSessionId is not null || pi.ReturnUrl is null)
            return ShowIntent(sandbox, id, $"Payment {redirectStatus}.", 200);
        return SeeOtherTo(RedirectUrls.AppendQuery(pi.ReturnUrl,
        [
            ("payment_intent", pi.Id),
            ("payment_intent_client_secret", pi.ClientSecret),
            ("redirect_status", redirectStatus),
        ]));
    }

    private static async Task<IResult> ActOnSession(HttpContext ctx, SandboxRuntime sandbox, string id, string action)
    {
        var state = sandbox.State;
        if (!state.CheckoutSessions.TryGetValue(id, out var session)) return NotFound("checkout session", id);
        var wallet = await WalletOf(ctx);
        string? target;
        try
        {
            switch (action)
            {
                case "pay":
                    sandbox.Sessions.Pay(state, session, wallet);
                    target = session.SuccessUrl is null
                        ? null
                        : RedirectUrls.ForSession(session.SuccessUrl, session.Id);
                    break;
                case "fail":
                    sandbox.Sessions.Fail(state, session);
                    target = session.CancelUrl;
                    break;
                case "cancel":
                    EnsureOpen(sandbox, state, session);
                    target = session.CancelUrl;
                    break;
                default:
                    return NotFound("action", action);
            }
        }
        catch (ApiException e)
        {
            return ShowSession(sandbox, id, e.Message, 409);
        }

        return target is null ? ShowSession(sandbox, id, $"Done: {action}.", 200) : SeeOtherTo(target);
    }

    /// <summary>Cancel on the session page changes nothing (the
    /// session stays open) but still needs an open session.</summary>
    public static void EnsureOpen(SandboxRuntime sandbox, SandboxState state, CheckoutSession session)
    {
        sandbox.Sessions.ExpireIfDue(state, session);
        lock (session.Sync)
        {
            if (session.Status != "open")
                throw ApiException.Invalid(null, $"Checkout Session {session.Id} is {session.Status}.",
                    "checkout_session_unexpected_state");
        }
    }

    /// <summary>303 so the browser follows with GET, whatever method the button used.</summary>
    private static IResult SeeOtherTo(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    private static async Task<string?> WalletOf(HttpContext ctx)
    {
        if (!ctx.Request.HasFormContentType) return null;
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var wallet = form["wallet"].ToString();
        return wallet.Length > 0 ? wallet : null;
    }

    private static IResult Html(string html, int status) =>
        Results.Content(html, "text/html; charset=utf-8", null, status);

    private static IResult NotFound(string what, string id) =>
        Html("<!DOCTYPE html><html><body><main data-testid=\"not-found\"><h1>Not found</h1><p>No such " +
            $"{System.Net.WebUtility.HtmlEncode(what)}: " +
            $"{System.Net.WebUtility.HtmlEncode(id)}</p></main></body></html>", 404);
}
