using System.Text.Json.Nodes;

namespace WooshPay.Sandbox.Api;

/// <summary>
/// Thrown anywhere in request handling to answer with WooshPay's error envelope
/// <c>{"error":{"type","code","message","param"}}</c>.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, string type, string code, string message, string? param = null,
        JsonObject? extra = null)
        : base(message)
    {
        Status = status;
        Type = type;
        Code = code;
        Param = param;
        Extra = extra;
    }

    public int Status { get; }
    public string Type { get; }
    public string Code { get; }
    public string? Param { get; }
    public JsonObject? Extra { get; }
    public Dictionary<string, string>? Headers { get; init; }

    public ApiResult ToResult() =>
        new(Status, Core.SandboxJson.Serialize(Body(Type, Code, Message, Param, Extra)), Headers);

    public static JsonObject Body(string type, string code, string message, string? param = null,
        JsonObject? extra = null)
    {
        var error = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message, ["param"] = param };
        if (extra is not null)
            foreach (var (k, v) in extra) error[k] = v?.DeepClone();
        return new JsonObject { ["error"] = error };
    }

    public static ApiException Invalid(string? param, string message, string code = "parameter_invalid") =>
        new(400, "invalid_request_error", code, message, param);

    public static ApiException Missing(string param) =>
        new(400, "invalid_request_error", "parameter_missing", $"Missing required param: {param}.", param);

    public static ApiException NotFound(string what, string id, string? param = "id") =>
        new(404, "invalid_request_error", "resource_missing", $"No such {what}: '{id}'", param);

    public static ApiException UnexpectedState(string message) =>
        new(400, "invalid_request_error", "payment_intent_unexpected_state", message);
}
