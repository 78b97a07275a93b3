using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;
using WooshPay.Sandbox.Services;

namespace WooshPay.Sandbox.Api;

/// <summary>/v1/payment_intents: request parsing and validation; the lifecycle lives in PaymentIntentService.</summary>
public sealed class PaymentIntentEndpoints
{
    private const long MaxAmount = 99_999_999_999;
    private static readonly string[] TerminalTypes = ["WEB", "WAP", "APP"];
    private static readonly string[] CancellationReasons =
        ["duplicate", "fraudulent", "requested_by_customer", "abandoned"];

    private readonly SandboxRuntime _sandbox;

    public PaymentIntentEndpoints(SandboxRuntime sandbox) => _sandbox = sandbox;

    public ApiResult Create(ApiRequest req)
    {
        var body = req.Body;
        var amount = body.Int("amount") ?? throw ApiException.Missing("amount");
        if (amount <= 0) throw new ApiException(400, "invalid_request_error", "amount_too_small",
            "Amount must be a positive integer in minor units.", "amount");
        if (amount > MaxAmount) throw new ApiException(400, "invalid_request_error", "amount_too_large",
            $"Amount must be at most {MaxAmount}.", "amount");

        var currency = ParseCurrency(body.RequiredStr("currency"), "currency");
        var confirm = body.Bool("confirm") ?? false;
        var paymentMethodTypes = body.StringList("payment_method_types");
        var pmType = body.Obj("payment_method_data")?.Str("type", "payment_method_data[type]");
        if (pmType is not null && pmType != "alipayplus")
            throw ApiException.Invalid("payment_method_data[type]",
                "The sandbox only simulates Alipay+; payment_method_data[type] must be \"alipayplus\", not " +
                $"\"{pmType}\".", "payment_method_unsupported_type");
        if (confirm && pmType is null && paymentMethodTypes is not null && !paymentMethodTypes.Contains("alipayplus"))
            throw ApiException.Missing("payment_method_data[type]");

        var terminalType = ParseTerminalType(body);
        var returnUrl = ParseReturnUrl(body);
        if (confirm && returnUrl is null) throw ApiException.Missing("return_url");

        var metadata = body.Metadata();
        var description = body.Str("description");
        if (description?.Length > 1000) throw ApiException.Invalid("description",
            "description can be at most 1000 characters.");

        var state = _sandbox.State;
        var pi = _sandbox.Intents.Create(state, req.Account, new PaymentIntentService.CreateParams(
            amount, currency, confirm, terminalType ?? "WEB", returnUrl, metadata,
            body.Str("merchant_order_id"), description,
            paymentMethodTypes), req.BaseUrl);

        // Documented magic: a confirmed intent whose metadata asks for a decline fails at once with 402.
        if (confirm && metadata?.GetValueOrDefault("sandbox_outcome") == "card_declined")
        {
            _sandbox.Intents.Fail(state, pi,
                "The shopper's wallet declined the payment (sandbox_outcome=card_declined).");
            throw new ApiException(402, "card_error", "payment_declined", "The shopper's wallet declined the payment.",
                null, new JsonObject { ["decline_code"] = "wallet_declined", ["payment_intent"] = pi.Snapshot() });
        }

        return ApiResult.Json(pi.Snapshot());
    }

    public ApiResult Retrieve(ApiRequest req)
    {
        var state = _sandbox.State;
        var pi = Find(state, req);
        _sandbox.Intents.ExpireIfDue(state, pi);
        return ApiResult.Json(pi.Snapshot());
    }

    public ApiResult List(ApiRequest req)
    {
        var state = _sandbox.State;
        var all = SandboxState.OwnedBy(state.PaymentIntents.Values, req.Account);
        foreach (var pi in all) _sandbox.Intents.ExpireIfDue(state, pi);
        return ApiResult.Json(Paging.Page(req, all, "/v1/payment_intents", p => p.Snapshot()));
    }

    public ApiResult Confirm(ApiRequest req)
    {
        var state = _sandbox.State;
        var pi = Find(state, req);
        var pmType = req.Body.Obj("payment_method_data")?.Str("type", "payment_method_data[type]");
        if (pmType is not null && pmType != "alipayplus")
            throw ApiException.Invalid("payment_method_data[type]", "The sandbox only simulates Alipay+.",
                "payment_method_unsupported_type");
        _sandbox.Intents.Confirm(state, pi, ParseReturnUrl(req.Body), ParseTerminalType(req.Body));
        return ApiResult.Json(pi.Snapshot());
    }

    public ApiResult Cancel(ApiRequest req)
    {
        var state = _sandbox.State;
        var pi = Find(state, req);
        var reason = req.Body.Str("cancellation_reason") ?? throw ApiException.Missing("cancellation_reason");
        if (!CancellationReasons.Contains(reason))
            throw ApiException.Invalid("cancellation_reason",
                $"Invalid cancellation_reason: must be one of {string.Join(", ", CancellationReasons)}.");
        _sandbox.Intents.Cancel(state, pi, reason, byMerchant: true);
        return ApiResult.Json(pi.Snapshot());
    }

    public static string ParseCurrency(string raw, string param)
    {
        var currency = raw.ToUpperInvariant();
        if (!Currencies.IsSupported(currency))
            throw ApiException.Invalid(param,
                $"Invalid currency: {raw}. Alipay+ supports {string.Join(", ", Currencies.Supported)}.",
                "currency_not_supported");
        return currency;
    }

    public static string? ParseTerminalType(JsonObject body)
    {
        const string param = "payment_method_options[alipayplus][terminal_type]";
        var raw = body.Obj("payment_method_options")?.Obj("alipayplus", "payment_method_options[alipayplus]")
            ?.Str("terminal_type", param);
        if (raw is null) return null;
        var value = raw.ToUpperInvariant();
        if (!TerminalTypes.Contains(value))
            throw ApiException.Invalid(param, $"Invalid terminal_type: {raw}. Use WEB, WAP or APP.");
        return value;
    }

    private static string? ParseReturnUrl(JsonObject body)
    {
        var url = body.Str("return_url");
        if (url is null) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw ApiException.Invalid("return_url", "return_url must be an absolute http(s) URL.", "url_invalid");
        return url;
    }

    private static PaymentIntent Find(SandboxState state, ApiRequest req) =>
        SandboxState.Find(state.PaymentIntents, req.RouteId, req.Account)
            ?? throw ApiException.NotFound("payment_intent", req.RouteId);
}
