using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Api;

/// <summary>An authenticated /v1 call as handlers see it.</summary>
public sealed class ApiRequest
{
    public ApiRequest(HttpContext http, Account account, JsonObject body, string baseUrl)
    {
        Http = http;
        Account = account;
        Body = body;
        BaseUrl = baseUrl;
    }

    public HttpContext Http { get; }
    public Account Account { get; }
    public JsonObject Body { get; }

    /// <summary>Where hosted pages of objects created by this call live.</summary>
    public string BaseUrl { get; }

    public string RouteId => Http.Request.RouteValues["id"]?.ToString() ?? "";

    public string? Query(string name)
    {
        var v = Http.Request.Query[name];
        return v.Count == 0 ? null : v.ToString();
    }
}
