using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;
using WooshPay.Sandbox.Services;

namespace WooshPay.Sandbox.Api;

/// <summary>/v1/checkout/sessions: validates the seed's request shape and renders line items once.</summary>
public sealed class CheckoutSessionEndpoints
{
    private readonly SandboxRuntime _sandbox;

    public CheckoutSessionEndpoints(SandboxRuntime sandbox) => _sandbox = sandbox;

    public ApiResult Create(ApiRequest req)
    {
        var body = req.Body;
        var mode = body.Str("mode") ?? throw ApiException.Missing("mode");
        if (mode != "payment")
            throw ApiException.Invalid("mode", "Alipay+ supports one-time payments only: mode must be \"payment\".");
        var successUrl = body.RequiredStr("success_url");
        var cancelUrl = body.Str("cancel_url");

        var items = body.Arr("line_items") ?? throw ApiException.Missing("line_items");
        if (items.Count == 0) throw ApiException.Invalid("line_items", "line_items must contain at least one item.",
            "parameter_invalid_empty");

        string? currency = null;
        long total = 0;
        var rendered = new JsonArray();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] as JsonObject
                ?? throw ApiException.Invalid($"line_items[{i}]", "Each line item must be an object.");
            var line = RenderLineItem(item, i, req.Account.Livemode, out var itemCurrency, out var amount);
            if (currency is not null && currency != itemCurrency)
                throw ApiException.Invalid($"line_items[{i}][price_data][currency]",
                    "All line items must use the same currency; create one Checkout Session per currency.",
                    "currency_mismatch");
            currency = itemCurrency;
            total = checked(total + amount);
            rendered.Add(line);
        }

        if (total <= 0) throw new ApiException(400, "invalid_request_error", "amount_too_small",
            "The session total must be greater than zero.", "line_items");

        var pmo = body.Obj("payment_method_options");
        var intentData = body.Obj("payment_intent_data");
        var session = _sandbox.Sessions.Create(_sandbox.State, req.Account, new CheckoutSessionService.CreateParams(
            currency!, rendered, total, successUrl, cancelUrl,
            body.Str("client_reference_id"), body.Str("customer_email"),
            PaymentIntentEndpoints.ParseTerminalType(body) ?? "WEB",
            pmo?.DeepClone().AsObject(),
            body.StringList("payment_method_types"),
            body.Metadata(),
            intentData?.Metadata("metadata", "payment_intent_data[metadata]"),
            intentData?.Str("description", "payment_intent_data[description]")), req.BaseUrl);
        return ApiResult.Json(session.Snapshot());
    }

    public ApiResult Retrieve(ApiRequest req)
    {
        var state = _sandbox.State;
        var session = Find(state, req);
        _sandbox.Sessions.ExpireIfDue(state, session);
        return ApiResult.Json(session.Snapshot());
    }

    public ApiResult List(ApiRequest req)
    {
        var state = _sandbox.State;
        var all = SandboxState.OwnedBy(state.CheckoutSessions.Values, req.Account);
        foreach (var s in all) _sandbox.Sessions.ExpireIfDue(state, s);
        return ApiResult.Json(Paging.Page(req, all, "/v1/checkout/sessions", s => s.Snapshot()));
    }

    public ApiResult Expire(ApiRequest req)
    {
        var state = _sandbox.State;
        var session = Find(state, req);
        _sandbox.Sessions.Expire(state, session);
        return ApiResult.Json(session.Snapshot());
    }

    private static JsonObject RenderLineItem(JsonObject item, int i, bool livemode, out string currency,
        out long amount)
    {
        var p = $"line_items[{i}]";
        var quantity = item.Int("quantity", $"{p}[quantity]") ?? 1;
        if (quantity < 1) throw ApiException.Invalid($"{p}[quantity]", "quantity must be at least 1.");

        var priceData = item.Obj("price_data", $"{p}[price_data]") ?? throw ApiException.Missing($"{p}[price_data]");
        currency = PaymentIntentEndpoints.ParseCurrency(priceData.RequiredStr("currency", $"{p}[price_data][currency]"),
            $"{p}[price_data][currency]");
        var unitAmount = priceData.Int("unit_amount", $"{p}[price_data][unit_amount]")
            ?? throw ApiException.Missing($"{p}[price_data][unit_amount]");
        if (unitAmount < 0) throw ApiException.Invalid($"{p}[price_data][unit_amount]",
            "unit_amount cannot be negative.");
        var recurring = priceData["recurring"];
        if (recurring is not null)
            throw ApiException.Invalid($"{p}[price_data][recurring]", "Alipay+ supports one-time prices only.");

        var productData = priceData.Obj("product_data", $"{p}[price_data][product_data]");
        var productId = priceData.Str("product", $"{p}[price_data][product]");
        if (productData is null && productId is null) throw ApiException.Missing($"{p}[price_data][product_data]");
        var name = productData?.RequiredStr("name", $"{p}[price_data][product_data][name]") ?? productId!;

        amount = checked(unitAmount * quantity);
        var created = Clock.NowMs;
        var product = new JsonObject
        {
            ["id"] = productId ?? IdGenerator.NextId("prod"),
            ["object"] = "product",
            ["created"] = created,
            ["active"] = productData?.Bool("active") ?? true,
            ["description"] = productData?.Str("description", $"{p}[price_data][product_data][description]"),
            ["metadata"] = SandboxJson.StringMap(
                productData?.Metadata("metadata", $"{p}[price_data][product_data][metadata]")),
            ["name"] = name,
            ["livemode"] = livemode,
            ["url"] = productData?.Str("url", $"{p}[price_data][product_data][url]"),
            ["updated"] = created,
            ["images"] = productData?["images"]?.DeepClone(),
        };
        var price = new JsonObject
        {
            ["id"] = IdGenerator.NextId("price"),
            ["object"] = "price",
            ["created"] = created,
            ["active"] = priceData.Bool("active") ?? true,
            ["currency"] = currency,
            ["metadata"] = SandboxJson.StringMap(priceData.Metadata("metadata", $"{p}[price_data][metadata]")),
            ["nickname"] = priceData.Str("nickname", $"{p}[price_data][nickname]"),
            ["product"] = product,
            ["type"] = "one_time",
            ["livemode"] = livemode,
            ["unit_amount"] = unitAmount,
            // The seed answers per_unit whatever was sent.
            ["billing_scheme"] = "per_unit",
            ["lookup_key"] = priceData.Str("lookup_key", $"{p}[price_data][lookup_key]"),
        };
        return new JsonObject
        {
            ["id"] = IdGenerator.NextId("li"),
            ["object"] = "item",
            ["currency"] = currency,
            ["description"] = name,
            ["price"] = price,
            ["quantity"] = quantity,
            ["amount_subtotal"] = amount,
            ["amount_total"] = amount,
        };
    }

    private static CheckoutSession Find(SandboxState state, ApiRequest req) =>
        SandboxState.Find(state.CheckoutSessions, req.RouteId, req.Account)
            ?? throw ApiException.NotFound("checkout.session", req.RouteId);
}
